package io.autoagent.infra.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesResponseComposer;
import io.fabric8.kubernetes.client.server.mock.WatchesFromVersion;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.http.MockResponse;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * fabric8's CRUD dispatcher whose namespaced GETs look only at that namespace's objects. Its own
 * GET copies and scans every stored object (at 50,000 pods, ~90 ms for one Deployment by name),
 * where an API server reads a namespace from its watch cache: the scan would be the mock's cost
 * charged to the agent's per-alert time (metrics reads, reads before the informers have synced).
 *
 * <p>Same answers as {@link KubernetesCrudDispatcher#handleGet}: a path with a namespace matches
 * only objects whose {@code namespace} attribute equals the path's ({@link AttributeType#WITH}
 * matching), so the candidates are those objects, in store order, filtered with the same {@link
 * AttributeSet#matches}; by name the first or 404, else the same list document with the current
 * resource version (a namespaced path is never an API-resources path, whose empty answer differs).
 * Watches, cluster-wide paths and other attribute types go to fabric8 unchanged. The index is
 * rebuilt on the first GET after a change; unlike fabric8's read lock, a GET racing a write may
 * miss it.
 */
final class IndexedCrudDispatcher extends KubernetesCrudDispatcher {

  private static final String NAMESPACE = "namespace";

  private final KubernetesResponseComposer composer = new KubernetesResponseComposer();
  private final AtomicLong resourceVersion = new AtomicLong();
  private final AtomicLong changes = new AtomicLong();
  private volatile Index index = new Index(-1, Map.of());

  private record Index(long atChange, Map<Attribute, List<AttributeSet>> byNamespace) {}

  /**
   * A watch from a resource version (what an informer opens after its list) sends only the changes
   * made after it opened; fabric8's sends every matching object again first. An API server sends
   * the changes after the version, which is the same thing here: the bench's store does not change
   * between an informer's list and its watch. A watch by name, or from no version, goes to fabric8
   * unchanged.
   */
  @Override
  public MockResponse handleWatch(String path) {
    String version = queryParameter(path, "resourceVersion");
    if (version == null
        || version.isEmpty()
        || version.equals("0")
        || path.contains("fieldSelector")) {
      return super.handleWatch(path);
    }
    return WatchesFromVersion.watch(this, context, attributeExtractor.fromPath(path));
  }

  private static String queryParameter(String path, String name) {
    int query = path.indexOf('?');
    if (query < 0) {
      return null;
    }
    for (String pair : path.substring(query + 1).split("&")) {
      if (pair.startsWith(name + "=")) {
        return pair.substring(name.length() + 1);
      }
    }
    return null;
  }

  @Override
  public MockResponse handleGet(String path) {
    AttributeSet query = getKey(path);
    Attribute namespace = query.getAttribute(NAMESPACE);
    if (namespace == null
        || namespace.getType() != AttributeType.WITH
        || path.contains("watch=true")) {
      return super.handleGet(path);
    }
    List<String> items = new ArrayList<>();
    for (AttributeSet key : index().byNamespace().getOrDefault(namespace, List.of())) {
      String json = key.matches(query) ? map.get(key) : null;
      if (json != null) {
        items.add(json);
      }
    }
    MockResponse response = new MockResponse();
    if (query.containsKey("name")) {
      return items.isEmpty()
          ? response.setResponseCode(HttpURLConnection.HTTP_NOT_FOUND)
          : response.setResponseCode(HttpURLConnection.HTTP_OK).setBody(items.getFirst());
    }
    return response
        .setResponseCode(HttpURLConnection.HTTP_OK)
        .setBody(composer.compose(items, String.valueOf(resourceVersion.get())));
  }

  private Index index() {
    Index current = index;
    long now = changes.get();
    if (current.atChange() == now) {
      return current;
    }
    synchronized (this) {
      if (index.atChange() == now) {
        return index;
      }
      Map<Attribute, List<AttributeSet>> byNamespace = new HashMap<>();
      synchronized (map) {
        for (AttributeSet key : map.keySet()) {
          Attribute ns = key.getAttribute(NAMESPACE);
          if (ns != null) {
            byNamespace.computeIfAbsent(ns, k -> new ArrayList<>()).add(key);
          }
        }
      }
      index = new Index(now, byNamespace);
      return index;
    }
  }

  /** Every store change goes through here (create, replace, patch, delete). */
  @Override
  public void processEvent(
      String path,
      AttributeSet pathAttributes,
      AttributeSet oldAttributes,
      GenericKubernetesResource resource,
      String newState) {
    try {
      super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
    } finally {
      changes.incrementAndGet();
    }
  }

  @Override
  public long requestResourceVersion() {
    long version = super.requestResourceVersion();
    resourceVersion.accumulateAndGet(version, Math::max);
    return version;
  }

  @Override
  public void reset() {
    super.reset();
    changes.incrementAndGet();
  }
}
