package io.autoagent.tools.gitops;

import java.util.Objects;
import java.util.Optional;

/**
 * The port to a forge's pull (merge) request API: GitHub's pulls or GitLab's merge requests. Every
 * method makes one HTTP call and does not retry: a 5xx, a 429 or an I/O error throws {@link
 * io.autoagent.core.RetriableException} (the remediation is idempotent, so the runtime's redelivery
 * retries it); refused credentials, a missing repository, or a request the forge rejects (such as a
 * second open request for the same branch) throw {@link io.autoagent.core.PermanentException}.
 * Thread-safe.
 */
public interface PullRequests extends AutoCloseable {

  /** The open request whose source is {@code branch}, if any. */
  Optional<PullRequest> findOpen(String branch);

  /** Opens a request from {@code branch} into {@code base}. */
  PullRequest create(String branch, String base, String title, String body);

  /** Replaces the title and body of an open request. */
  PullRequest update(PullRequest existing, String title, String body);

  @Override
  void close();

  /**
   * A pull (merge) request: its number ({@code number} on GitHub, {@code iid} on GitLab) and web
   * URL.
   */
  record PullRequest(long number, String url) {
    public PullRequest {
      Objects.requireNonNull(url, "url");
    }
  }
}
