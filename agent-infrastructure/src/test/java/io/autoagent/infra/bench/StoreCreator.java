package io.autoagent.infra.bench;

import io.autoagent.tools.kube.sandbox.ClusterObjects;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.utils.Utils;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates objects straight in the store of a fabric8 mock's {@link KubernetesCrudDispatcher}, as
 * its POST handler does after the conflict check, so the mock then serves them over HTTP exactly as
 * if they had been POSTed. Needed because that conflict check ({@code findResource}) scans every
 * stored object: seeding 50,000 pods through the API is quadratic and did not finish in 15 minutes.
 *
 * <p>Replicates fabric8 7.8.0's {@code crud.PostHandler.handle}: the body is read as a {@link
 * GenericKubernetesResource}, a deletion timestamp is dropped, {@code initMetadata} sets the
 * namespace from the path, a new uid, the creation timestamp (now, whole seconds), the next
 * resource version and generation 1, status is dropped where a status subresource is enabled
 * (custom resources only), and {@code processEvent(path, key, null, resource, json)} stores it.
 * Check it against a new fabric8 version with {@code javap -c -p} on that class; {@code
 * StoreCreatorTest} compares the outcome with creating through the API. Unlike the POST handler,
 * the conflict check covers only objects created by this instance. Thread-safe.
 */
final class StoreCreator implements ClusterObjects.Creator {

  private final KubernetesCrudDispatcher store;
  private final Set<String> created = ConcurrentHashMap.newKeySet();

  StoreCreator(KubernetesCrudDispatcher store) {
    this.store = store;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> T create(T object) {
    String path = collectionPath(object);
    GenericKubernetesResource resource =
        Serialization.unmarshal(Serialization.asJson(object), GenericKubernetesResource.class);
    ObjectMeta meta = resource.getMetadata();
    if (Utils.isNullOrEmpty(meta.getName())) {
      throw new IllegalArgumentException(
          object.getKind() + " without metadata.name: generateName is not supported here");
    }
    if (!created.add(path + "/" + meta.getName())) {
      throw new IllegalStateException(
          object.getKind() + " '" + meta.getName() + "' already exists at " + path);
    }
    if (resource.isMarkedForDeletion()) {
      meta.setDeletionTimestamp(null);
    }
    meta.setNamespace(
        ((KubernetesAttributesExtractor) store.getAttributeExtractor())
            .fromKubernetesPath(path)
            .get("namespace"));
    meta.setUid(Utils.generateId().toString());
    meta.setCreationTimestamp(
        ZonedDateTime.now(ZoneOffset.UTC)
            .truncatedTo(ChronoUnit.SECONDS)
            .format(DateTimeFormatter.ISO_INSTANT));
    meta.setGeneration(1L);
    if (store.isStatusSubresourceEnabledForResource(path)) {
      resource.getAdditionalProperties().remove("status");
    }
    AttributeSet key = store.getKey(path).add(new Attribute("name", meta.getName()));
    String json;
    // One at a time, as the dispatcher's write lock orders POSTs: resource versions follow the
    // order in which objects enter the store.
    synchronized (this) {
      meta.setResourceVersion(String.valueOf(store.requestResourceVersion()));
      json = Serialization.asJson(resource);
      store.processEvent(path, key, null, resource, json);
    }
    return (T) Serialization.unmarshal(json, object.getClass());
  }

  /** Objects stored so far (by any means), for checking that nothing was lost. */
  int size() {
    return store.getMap().size();
  }

  /**
   * The path a client POSTs {@code object} to, e.g. {@code
   * /apis/apps/v1/namespaces/ns/deployments}.
   */
  static String collectionPath(HasMetadata object) {
    String apiVersion = object.getApiVersion();
    String root = apiVersion.contains("/") ? "/apis/" + apiVersion : "/api/" + apiVersion;
    String ns = object.getMetadata().getNamespace();
    return root
        + (ns == null || ns.isEmpty() ? "" : "/namespaces/" + ns)
        + "/"
        + object.getPlural();
  }
}
