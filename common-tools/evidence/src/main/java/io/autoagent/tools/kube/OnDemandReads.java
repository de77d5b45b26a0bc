package io.autoagent.tools.kube;

import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads that no informer can serve: the previous container's log and {@code metrics.k8s.io} usage.
 * Each is bounded by the log timeout; a failure or timeout means "no log" or "no metrics", never a
 * failed analysis.
 */
final class OnDemandReads {

  private static final Logger log = LoggerFactory.getLogger(OnDemandReads.class);

  private final KubernetesClient client;
  private final KubeOptions options;
  private final ExecutorService executor;
  private final java.util.concurrent.ConcurrentMap<String, CachedMetrics> metrics =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final java.time.Clock clock = java.time.Clock.systemUTC();

  /**
   * Live reads that failed (timed out, refused, 5xx other than 503, interrupted) in the calling
   * thread's collection; a 404, 403 or 503 is an answer (absent, not allowed, an aggregated API not
   * served), which the next analysis would get too.
   */
  private static final ThreadLocal<int[]> FAILED_HERE = ThreadLocal.withInitial(() -> new int[1]);

  private static final long METRICS_TTL_MS = 15_000;

  /** Previous-instance logs kept (each at most {@code logBytes}: 8 MiB with the defaults). */
  static final int MAX_CACHED_LOGS = 1024;

  /** Least recently used previous-instance logs, by instance. */
  private final Map<String, String> logs =
      java.util.Collections.synchronizedMap(
          new java.util.LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
              return size() > MAX_CACHED_LOGS;
            }
          });

  OnDemandReads(KubernetesClient client, KubeOptions options, ExecutorService executor) {
    this.client = client;
    this.options = options;
    this.executor = executor;
  }

  /**
   * The last lines of the previous instance's log, bounded in lines and bytes; null when
   * unreadable.
   *
   * @param instance what identifies the previous instance (pod uid, restart count, the terminated
   *     container's id): its log can no longer change, so one read serves every alert about it
   *     until the container restarts again; null reads every time
   */
  String previousLog(String namespace, String pod, String container, String instance) {
    String key = instance == null ? null : namespace + "/" + pod + "/" + container + "/" + instance;
    if (key != null) {
      String cached = logs.get(key);
      if (cached != null) {
        return cached;
      }
    }
    String text =
        bounded(
            () -> readLog(namespace, pod, container),
            "log of " + namespace + "/" + pod + "/" + container);
    if (text == null) {
      return null; // not cached: the next alert tries again
    }
    String tail = tail(text, options.logLines(), options.logBytes());
    if (key != null) {
      logs.put(key, tail);
    }
    return tail;
  }

  /**
   * One GET of the previous instance's log. fabric8's {@code getLog()} first re-reads the pod to
   * wait until it is ready or terminated, an extra round trip for a pod the caches already hold.
   */
  private String readLog(String namespace, String pod, String container) throws Exception {
    return readLog(namespace, pod, container, true);
  }

  /**
   * The last lines of a running container's current log, bounded in lines and bytes; null when
   * unreadable. Never cached: a running container's log keeps growing.
   */
  String currentLog(String namespace, String pod, String container) {
    String text =
        bounded(
            () -> readLog(namespace, pod, container, false),
            "current log of " + namespace + "/" + pod + "/" + container);
    return text == null ? null : tail(text, options.logLines(), options.logBytes());
  }

  private String readLog(String namespace, String pod, String container, boolean previous)
      throws Exception {
    String url =
        client.getMasterUrl().toString().replaceAll("/+$", "")
            + "/api/v1/namespaces/"
            + enc(namespace)
            + "/pods/"
            + enc(pod)
            + "/log?pretty=false&container="
            + enc(container)
            + (previous ? "&previous=true" : "")
            + "&tailLines="
            + options.logLines();
    HttpClient http = client.getHttpClient();
    HttpResponse<String> response =
        http.sendAsync(http.newHttpRequestBuilder().uri(url).build(), String.class).get();
    if (response.code() != 200) {
      throw new KubernetesClientException(
          "GET " + url + " answered " + response.code(), response.code(), null);
    }
    return response.body();
  }

  private static String enc(String segment) {
    return java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Usage of the named pods; null when metrics-server is absent or does not answer in time. */
  List<PodMetrics> podMetrics(String namespace, Set<String> pods) {
    long now = clock.millis();
    // metrics-server refreshes every 15 s or so: alerts in one namespace share one read (compute
    // also makes concurrent callers wait for it), and an absent metrics-server is asked again
    // only after the same interval.
    List<PodMetrics> all =
        metrics
            .compute(
                namespace,
                (ns, cached) ->
                    cached != null && now - cached.readAt() <= METRICS_TTL_MS
                        ? cached
                        : new CachedMetrics(
                            bounded(
                                () -> client.top().pods().inNamespace(ns).metrics().getItems(),
                                "metrics of " + ns),
                            now))
            .items();
    return all == null
        ? null
        : all.stream().filter(m -> pods.contains(m.getMetadata().getName())).toList();
  }

  private record CachedMetrics(List<PodMetrics> items, long readAt) {}

  /** The last {@code lines} lines of text, cut further at a line start to fit {@code maxBytes}. */
  static String tail(String text, int lines, int maxBytes) {
    List<String> all = text.lines().toList();
    List<String> kept = all.subList(Math.max(0, all.size() - lines), all.size());
    StringBuilder out = new StringBuilder();
    int bytes = 0;
    for (int i = kept.size() - 1; i >= 0; i--) {
      String line = kept.get(i);
      int size = line.getBytes(StandardCharsets.UTF_8).length + 1;
      if (bytes + size > maxBytes) {
        break;
      }
      bytes += size;
      out.insert(0, line + "\n");
    }
    return out.toString();
  }

  <T> T bounded(Callable<T> read, String what) {
    Future<T> future = executor.submit(read);
    try {
      return future.get(options.logTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      failed();
      future.cancel(true);
      log.warn("Reading {} took longer than {}; going on without it", what, options.logTimeout());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof KubernetesClientException k
          && (k.getCode() == 404 || k.getCode() == 403 || k.getCode() == 503)) {
        log.debug("{} is not available ({}); skipped", what, k.getCode());
      } else {
        failed();
        log.warn("Reading {} failed: {}", what, e.getCause().toString());
      }
    } catch (InterruptedException e) {
      failed();
      Thread.currentThread().interrupt();
      future.cancel(true);
    }
    return null;
  }

  /** Counts a live read that failed in this thread's collection (see {@link #FAILED_HERE}). */
  void failed() {
    FAILED_HERE.get()[0]++;
  }

  /** Starts counting this thread's failed live reads from zero. */
  static void countFailures() {
    FAILED_HERE.get()[0] = 0;
  }

  /** Live reads that failed in this thread since {@link #countFailures}. */
  static int failuresCounted() {
    return FAILED_HERE.get()[0];
  }
}
