package io.autoagent.tools.archive;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One incident's archive, handed from the alert path to the archive worker through the {@code
 * incident-archive} stream: the redacted bundle and where it goes. Made by {@link
 * IncidentArchiver#prepare}, stored by {@link IncidentArchiver#store}.
 *
 * @param folder {@code <namespace>/<workload>/<reason>/<yyyy-mm-dd>/}, each part made safe
 * @param pod the failing pod, made safe; null when the evidence names none (the alert id names the
 *     bundle)
 * @param alertId the alert whose analysis the bundle holds
 * @param evidenceHash {@link IncidentArchiver#evidenceHash} of the redacted evidence
 * @param bundle the redacted evidence bundle
 */
public record ArchiveJob(
    String folder, String pod, String alertId, String evidenceHash, JsonNode bundle) {

  public ArchiveJob {
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(evidenceHash, "evidenceHash");
    Objects.requireNonNull(bundle, "bundle");
  }

  /**
   * The incident key: namespace, workload, reason, day and pod ({@code -} when the evidence names
   * none).
   */
  public String incident() {
    return folder + (pod != null ? pod : "-");
  }

  /**
   * Deterministic per incident and evidence, so the same evidence queued twice (two workers of a
   * storm at once, another replica, a redelivered alert) is stored once in the stream.
   */
  public String messageId() {
    return "archive:" + incident() + ":" + evidenceHash;
  }
}
