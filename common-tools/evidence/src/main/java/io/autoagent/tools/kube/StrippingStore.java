package io.autoagent.tools.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An informer item store that drops what no analysis reads before caching an object: {@code
 * managedFields} (often half of an object's size) and the {@code kubectl
 * last-applied-configuration} annotation (a second copy of the spec). Counts every change it takes
 * in {@link Generations} once it holds it; the informer's handler counts it again once it is
 * indexed too.
 */
final class StrippingStore<T extends HasMetadata> implements ItemStore<T> {

  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private final BasicItemStore<T> delegate = new BasicItemStore<>(Cache::metaNamespaceKeyFunc);
  private final Generations generations;

  StrippingStore() {
    this(new Generations());
  }

  StrippingStore(Generations generations) {
    this.generations = java.util.Objects.requireNonNull(generations, "generations");
  }

  static <T extends HasMetadata> T strip(T object) {
    object.getMetadata().setManagedFields(null);
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    if (annotations != null && annotations.containsKey(LAST_APPLIED)) {
      annotations.remove(LAST_APPLIED);
    }
    return object;
  }

  @Override
  public String getKey(T object) {
    return delegate.getKey(object);
  }

  @Override
  public T put(String key, T object) {
    T previous = delegate.put(key, strip(object));
    if (Generations.matters(previous, object)) {
      generations.changed(object.getMetadata().getNamespace());
    }
    return previous;
  }

  @Override
  public T remove(String key) {
    T removed = delegate.remove(key);
    if (removed != null) {
      generations.changed(removed.getMetadata().getNamespace());
    }
    return removed;
  }

  @Override
  public Stream<String> keySet() {
    return delegate.keySet();
  }

  @Override
  public Stream<T> values() {
    return delegate.values();
  }

  @Override
  public int size() {
    return delegate.size();
  }

  @Override
  public T get(String key) {
    return delegate.get(key);
  }
}
