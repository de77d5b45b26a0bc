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
    // The API server writes seconds in UTC ("2024-05-01T10:00:00Z"); reading those digits directly
    // is several times cheaper than the general parser, which every event of every analysis used.
    if (rfc3339.length() == 20
        && rfc3339.charAt(19) == 'Z'
        && rfc3339.charAt(4) == '-'
        && rfc3339.charAt(7) == '-'
        && rfc3339.charAt(10) == 'T'
        && rfc3339.charAt(13) == ':'
        && rfc3339.charAt(16) == ':') {
      int year = digits(rfc3339, 0, 4);
      int month = digits(rfc3339, 5, 2);
      int day = digits(rfc3339, 8, 2);
      int hour = digits(rfc3339, 11, 2);
      int minute = digits(rfc3339, 14, 2);
      int second = digits(rfc3339, 17, 2);
      if (year >= 0
          && month >= 1
          && month <= 12
          && day >= 1
          && day <= 31
          && hour >= 0
          && hour <= 23
          && minute >= 0
          && minute <= 59
          && second >= 0
          && second <= 59) {
        try {
          return java.time.LocalDateTime.of(year, month, day, hour, minute, second)
              .toInstant(java.time.ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
          return null; // 30 February and the like
        }
      }
    }
    try {
      return Instant.parse(rfc3339);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The decimal number in {@code s[from, from+count)}, or -1 when a character is not a digit. */
  private static int digits(String s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
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
