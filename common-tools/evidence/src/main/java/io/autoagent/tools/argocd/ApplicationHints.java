package io.autoagent.tools.argocd;

import java.util.Map;
import java.util.Optional;

/**
 * Which Argo CD application manages a live workload, as the workload itself says: Argo CD's
 * tracking annotation {@code argocd.argoproj.io/tracking-id} ({@code
 * <app>:<group>/<kind>:<ns>/<name>}, the app prefixed {@code <namespace>_} when applications live
 * in any namespace), else the {@code app.kubernetes.io/instance} label Argo CD's label tracking
 * sets. Implementations read the live object; they return empty when it is not found or names no
 * application, and never throw.
 */
@FunctionalInterface
public interface ApplicationHints {

  String TRACKING_ID = "argocd.argoproj.io/tracking-id";
  String INSTANCE_LABEL = "app.kubernetes.io/instance";

  /** The application named by the live workload {@code service} in {@code namespace}. */
  Optional<String> applicationOf(String namespace, String service);

  /** No cluster to ask. */
  ApplicationHints NONE = (namespace, service) -> Optional.empty();

  /** The application a workload's annotations or labels name; pure. */
  static Optional<String> fromMetadata(
      Map<String, String> annotations, Map<String, String> labels) {
    String tracking = annotations == null ? null : annotations.get(TRACKING_ID);
    if (tracking != null && tracking.indexOf(':') > 0) {
      String app = tracking.substring(0, tracking.indexOf(':'));
      int underscore = app.indexOf('_');
      return Optional.of(underscore >= 0 ? app.substring(underscore + 1) : app);
    }
    String instance = labels == null ? null : labels.get(INSTANCE_LABEL);
    return instance == null || instance.isBlank() ? Optional.empty() : Optional.of(instance);
  }
}
