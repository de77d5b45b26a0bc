package io.autoagent.tools.argocd;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which Argo CD application manages a workload, asked of Argo CD itself: the applications' own
 * resource lists are searched (no tree walks), a Deployment first, else a StatefulSet. For deciding
 * at runbook-request time whether a change must go through git; it is wired into the GitOps router
 * directly and shares nothing with the Argo CD evidence source, so a request never reads what an
 * analysis happened to leave behind. A found application is remembered for {@link #REMEMBERED} (an
 * application rarely stops managing a workload, and one that did is asked again after that); a
 * workload no application manages is asked again next time. Thread-safe; owns its client.
 */
public final class ArgoCdWorkloads implements AutoCloseable {

  /** How long a found application is trusted before Argo CD is asked again. */
  public static final Duration REMEMBERED = Duration.ofMinutes(5);

  private record Found(ArgoCdState state, Instant at) {}

  private final ArgoCdClient client;
  private final Clock clock;
  private final Map<String, Found> found = new ConcurrentHashMap<>();

  /** Owns {@code client}: closing this closes it. */
  public ArgoCdWorkloads(ArgoCdClient client) {
    this(client, Clock.systemUTC());
  }

  ArgoCdWorkloads(ArgoCdClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * The application managing {@code namespace/workload}; empty when none does.
   *
   * @throws io.autoagent.core.AgentException when Argo CD cannot be asked
   */
  public Optional<ArgoCdState> managing(String namespace, String workload) {
    String key = namespace + "/" + workload;
    Found known = found.get(key);
    Instant now = clock.instant();
    if (known != null && known.at().plus(REMEMBERED).isAfter(now)) {
      return Optional.of(known.state());
    }
    Optional<ArgoCdState> managing =
        managing(client.applications(), namespace, workload).map(ArgoCdState::of);
    managing.ifPresentOrElse(
        state -> found.put(key, new Found(state, now)), () -> found.remove(key));
    return managing;
  }

  /** The first application whose resources list this Deployment, else this StatefulSet. */
  static Optional<ArgoCdApplication> managing(
      List<ArgoCdApplication> all, String namespace, String name) {
    for (String kind : List.of("Deployment", "StatefulSet")) {
      Optional<ArgoCdApplication> managing =
          all.stream().filter(a -> a.manages(kind, namespace, name)).findFirst();
      if (managing.isPresent()) {
        return managing;
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    client.close();
  }
}
