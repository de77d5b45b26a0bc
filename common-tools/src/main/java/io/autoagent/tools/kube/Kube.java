package io.autoagent.tools.kube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small readers over fabric8 model objects shared by the detectors and the collector. */
final class Kube {

  static final Comparator<Event> EVENT_ORDER =
      Comparator.comparing(Kube::eventTime, Comparator.nullsFirst(Comparator.naturalOrder()));

  private Kube() {}

  static String ref(String kind, String namespace, String name) {
    return namespace == null || namespace.isEmpty()
        ? kind + "/" + name
        : kind + "/" + namespace + "/" + name;
  }

  static String podRef(Pod pod) {
    return ref("Pod", pod.getMetadata().getNamespace(), pod.getMetadata().getName());
  }

  static Instant instant(String rfc3339) {
    if (rfc3339 == null || rfc3339.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(rfc3339);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** When an event last happened: lastTimestamp, else eventTime, else firstTimestamp. */
  static Instant eventTime(Event event) {
    Instant last = instant(event.getLastTimestamp());
    if (last != null) {
      return last;
    }
    if (event.getEventTime() != null) {
      Instant micro = instant(event.getEventTime().getTime());
      if (micro != null) {
        return micro;
      }
    }
    Instant first = instant(event.getFirstTimestamp());
    return first != null ? first : instant(event.getMetadata().getCreationTimestamp());
  }

  /** One evidence line quoting an event as {@code kubectl describe} shows it. */
  static String eventLine(Event event) {
    Integer count = event.getCount();
    Instant at = eventTime(event);
    return "event "
        + event.getType()
        + " "
        + event.getReason()
        + " on "
        + event.getInvolvedObject().getKind()
        + "/"
        + event.getInvolvedObject().getName()
        + (count != null && count > 1 ? " (x" + count + ")" : "")
        + (at != null ? " at " + at : "")
        + ": "
        + event.getMessage();
  }

  static boolean isWarning(Event event) {
    return "Warning".equals(event.getType());
  }

  /** Container and init-container statuses of a pod. */
  static List<ContainerStatus> statuses(Pod pod) {
    List<ContainerStatus> all = new ArrayList<>();
    if (pod.getStatus() != null) {
      if (pod.getStatus().getInitContainerStatuses() != null) {
        all.addAll(pod.getStatus().getInitContainerStatuses());
      }
      if (pod.getStatus().getContainerStatuses() != null) {
        all.addAll(pod.getStatus().getContainerStatuses());
      }
    }
    return all;
  }

  static Optional<Container> container(Pod pod, String name) {
    List<Container> all = new ArrayList<>();
    if (pod.getSpec() != null) {
      if (pod.getSpec().getInitContainers() != null) {
        all.addAll(pod.getSpec().getInitContainers());
      }
      if (pod.getSpec().getContainers() != null) {
        all.addAll(pod.getSpec().getContainers());
      }
    }
    return all.stream().filter(c -> name.equals(c.getName())).findFirst();
  }

  static String waitingReason(ContainerStatus status) {
    return status.getState() != null && status.getState().getWaiting() != null
        ? status.getState().getWaiting().getReason()
        : null;
  }

  static String waitingMessage(ContainerStatus status) {
    return status.getState() != null && status.getState().getWaiting() != null
        ? status.getState().getWaiting().getMessage()
        : null;
  }

  /** The quantity as written in the spec, for example {@code 256Mi}; null when unset. */
  static String request(Container container, String resource) {
    ResourceRequirements r = container.getResources();
    return r == null ? null : format(r.getRequests(), resource);
  }

  static String limit(Container container, String resource) {
    ResourceRequirements r = container.getResources();
    return r == null ? null : format(r.getLimits(), resource);
  }

  private static String format(Map<String, Quantity> quantities, String resource) {
    if (quantities == null || quantities.get(resource) == null) {
      return null;
    }
    Quantity q = quantities.get(resource);
    return q.getAmount() + (q.getFormat() == null ? "" : q.getFormat());
  }

  /** Attributes from key/value pairs, leaving out null values. */
  static Map<String, String> attrs(String... keyValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      if (keyValues[i + 1] != null) {
        map.put(keyValues[i], keyValues[i + 1]);
      }
    }
    return map;
  }

  /** The {@code deployment.kubernetes.io/revision} annotation of a ReplicaSet, or null. */
  static String revision(HasMetadata rs) {
    Map<String, String> annotations = rs.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(WorkloadStates.REVISION);
  }

  static String orDash(Object value) {
    return value == null ? "-" : String.valueOf(value);
  }
}
