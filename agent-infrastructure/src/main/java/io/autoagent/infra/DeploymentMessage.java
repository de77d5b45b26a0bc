package io.autoagent.infra;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.autoagent.core.messaging.Envelope;
import io.autoagent.core.messaging.WireMessage;
import io.autoagent.tools.analysis.Change;
import io.autoagent.tools.analysis.SyncState;
import io.autoagent.tools.analysis.WorkloadState;
import java.util.List;
import java.util.Objects;

/**
 * The {@code deployment_analysis} published on {@code deployments.<service>} for every analysed
 * alert ({@code deployment-analysis.schema.json}), serialised once by the agent's mapper. Without a
 * resolved workload, {@code kind}, {@code name}, {@code replicas} and {@code images} are left out
 * and {@code rollout_state} is {@code unknown}. Made by {@link AnalysisDocuments}.
 *
 * @param argocd what Argo CD said about the workload during the analysis; null when no application
 *     manages it or Argo CD is not configured
 * @param rootCauseCategory the verdict's category; null when the analysis has none
 */
public record DeploymentMessage(
    @JsonUnwrapped Envelope envelope,
    String alertId,
    String service,
    String namespace,
    String kind,
    String name,
    Replicas replicas,
    List<Image> images,
    String revision,
    String rolloutState,
    SyncState argocd,
    List<Change> changes,
    WorkloadState.Rollback rollback,
    String rootCauseCategory)
    implements WireMessage {

  public DeploymentMessage {
    Objects.requireNonNull(envelope, "envelope");
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(rolloutState, "rolloutState");
    Objects.requireNonNull(rollback, "rollback");
  }

  /** The workload's replica counts. */
  public record Replicas(int desired, int ready, int available, int updated) {}

  /** One container's image (contract 1.1: {@code images} is an array). */
  public record Image(String container, String image) {}
}
