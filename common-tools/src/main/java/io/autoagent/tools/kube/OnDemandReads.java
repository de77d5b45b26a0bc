package io.autoagent.tools.kube;

import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
 * Reads that no informer can serve: the previous container's log and {@code metrics.k8s.io}
 * usage. Each is bounded by the log timeout; a failure or timeout means "no log" or "no metrics",
 * never a failed analysis.
 */
final class OnDemandReads {

  private static final Logger log = LoggerFactory.getLogger(OnDemandReads.class);

  private final KubernetesClient client;
  private final KubeOptions options;
  private final ExecutorService executor;

  OnDemandReads(KubernetesClient client, KubeOptions options, ExecutorService executor) {
    this.client = client;
    this.options = options;
    this.executor = executor;
  }

  /** The last lines of the previous instance's log, bounded in lines and bytes; null when unreadable. */
  String previousLog(String namespace, String pod, String container) {
    String text =
        bounded(
            () -> client.pods().inNamespace(namespace).withName(pod).inContainer(container)
                .terminated().tailingLines(options.logLines()).getLog(),
            "log of " + namespace + "/" + pod + "/" + container);
    return text == null ? null : tail(text, options.logLines(), options.logBytes());
  }

  /** Usage of the named pods; null when metrics-server is absent or does not answer in time. */
  List<PodMetrics> podMetrics(String namespace, Set<String> pods) {
    List<PodMetrics> all =
        bounded(
            () -> client.top().pods().inNamespace(namespace).metrics().getItems(),
            "metrics of " + namespace);
    return all == null ? null : all.stream().filter(m -> pods.contains(m.getMetadata().getName())).toList();
  }

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

  private <T> T bounded(Callable<T> read, String what) {
    Future<T> future = executor.submit(read);
    try {
      return future.get(options.logTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      log.warn("Reading {} took longer than {}; going on without it", what, options.logTimeout());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof KubernetesClientException k && (k.getCode() == 404 || k.getCode() == 503)) {
        log.debug("{} is not available ({}); skipped", what, k.getCode());
      } else {
        log.warn("Reading {} failed: {}", what, e.getCause().toString());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
    }
    return null;
  }
}
