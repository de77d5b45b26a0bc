package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Configuration review of the pod template: missing requests or limits, limits below requests, no
 * readiness probe, {@code :latest} or untagged images, and a single replica for a service alerted
 * as critical. These findings are LOW or INFO and carry {@code check: configuration_review}: they
 * are never a root cause on their own.
 */
final class ConfigurationReviewDetector implements FailureDetector {

  /** Attribute naming the review; present on every finding of this detector. */
  static final String ATTR_CHECK = "check";

  static final String REVIEW = "configuration_review";

  @Override
  public List<Finding> detect(WorkloadSnapshot snapshot) {
    List<Finding> findings = new ArrayList<>();
    String resource = snapshot.resource();
    List<Container> containers =
        snapshot.podTemplate() == null || snapshot.podTemplate().getSpec() == null
            ? List.of()
            : snapshot.podTemplate().getSpec().getContainers();
    for (Container c : containers) {
      Map<String, Quantity> requests =
          c.getResources() == null ? null : c.getResources().getRequests();
      Map<String, Quantity> limits = c.getResources() == null ? null : c.getResources().getLimits();
      String name = c.getName();
      if (requests == null || requests.isEmpty()) {
        findings.add(
            review(
                Category.RESOURCE_SATURATION,
                Severity.LOW,
                resource,
                name,
                "Container "
                    + name
                    + " sets no resource requests, so the scheduler cannot reserve capacity for it.",
                "spec.template.spec.containers[" + name + "].resources.requests: none"));
      }
      if (limits == null || limits.isEmpty()) {
        findings.add(
            review(
                Category.RESOURCE_SATURATION,
                Severity.LOW,
                resource,
                name,
                "Container " + name + " sets no resource limits.",
                "spec.template.spec.containers[" + name + "].resources.limits: none"));
      }
      if (requests != null && limits != null) {
        for (String r : List.of("cpu", "memory")) {
          if (requests.get(r) != null
              && limits.get(r) != null
              && Quantity.getAmountInBytes(limits.get(r))
                      .compareTo(Quantity.getAmountInBytes(requests.get(r)))
                  < 0) {
            findings.add(
                review(
                    Category.CONFIG_ERROR,
                    Severity.LOW,
                    resource,
                    name,
                    "Container " + name + " has a " + r + " limit below its request.",
                    "resources.requests."
                        + r
                        + "="
                        + requests.get(r)
                        + ", resources.limits."
                        + r
                        + "="
                        + limits.get(r)));
          }
        }
      }
      if (c.getReadinessProbe() == null) {
        findings.add(
            review(
                Category.PROBE_FAILURE,
                Severity.INFO,
                resource,
                name,
                "Container "
                    + name
                    + " has no readiness probe, so traffic reaches it before it is ready.",
                "spec.template.spec.containers[" + name + "].readinessProbe: none"));
      }
      if (mutableTag(c.getImage())) {
        findings.add(
            review(
                Category.IMAGE_PULL,
                Severity.LOW,
                resource,
                name,
                "Container "
                    + name
                    + " uses image "
                    + c.getImage()
                    + " without a fixed tag, so a restart can run different code.",
                "spec.template.spec.containers[" + name + "].image=" + c.getImage()));
      }
    }
    if (snapshot.desiredReplicas() == 1 && snapshot.alert().severity() == Severity.CRITICAL) {
      findings.add(
          review(
              Category.RESOURCE_SATURATION,
              Severity.LOW,
              resource,
              null,
              snapshot.kind()
                  + " "
                  + snapshot.name()
                  + " runs a single replica although it is alerted as critical.",
              "spec.replicas=1, alert severity=critical"));
    }
    return findings;
  }

  static boolean mutableTag(String image) {
    if (image == null || image.contains("@")) {
      return false;
    }
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    return colon < slash || colon < 0 || image.endsWith(":latest");
  }

  private static Finding review(
      Category category,
      Severity severity,
      String resource,
      String container,
      String message,
      String evidence) {
    return new Finding(
        category,
        severity,
        resource,
        message,
        List.of(evidence),
        Kube.attrs(ATTR_CHECK, REVIEW, Finding.ATTR_CONTAINER, container));
  }
}
