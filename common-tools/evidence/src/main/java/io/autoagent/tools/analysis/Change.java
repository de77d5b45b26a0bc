package io.autoagent.tools.analysis;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A change to the service found in git, Argo CD or Kubernetes history ({@code changes[]}).
 *
 * @param source {@code git}, {@code argocd} or {@code kubernetes}
 * @param revision commit id, Argo CD history revision or ReplicaSet revision; may be null
 * @param author who made it; may be null
 * @param time when it was made; may be null
 * @param summary structured summary, for example {@code image payments: v1 -> v2}
 * @param files files it touched (git only)
 */
public record Change(
    String source,
    String revision,
    String author,
    Instant time,
    String summary,
    List<String> files) {
  public Change {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(summary, "summary");
    files = files == null ? List.of() : List.copyOf(files);
  }
}
