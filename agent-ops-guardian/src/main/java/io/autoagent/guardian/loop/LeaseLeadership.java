package io.autoagent.guardian.loop;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election through a {@code coordination.k8s.io/v1} Lease with fabric8's {@code
 * LeaderElector}. The renew deadline is two thirds of the lease and the retry period a fifth, as in
 * client-go's defaults (15 s, 10 s, 2 s). A replica that loses the lease stands again at once;
 * {@link #close} releases it so a follower takes over within one retry period rather than a whole
 * lease.
 *
 * <p>RBAC: {@code get}, {@code create}, {@code update} on {@code leases} in the lease's namespace.
 */
public final class LeaseLeadership implements Leadership {

  private static final Logger log = LoggerFactory.getLogger(LeaseLeadership.class);

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final String identity;
  private final Duration lease;
  private final Runnable onStartLeading;
  private volatile boolean leader;
  private volatile String currentLeader = "";
  private volatile boolean closed;
  private CompletableFuture<?> election;

  /**
   * @param onStartLeading run when this replica becomes the leader (before it first acts)
   */
  public LeaseLeadership(
      KubernetesClient client,
      String namespace,
      String name,
      String identity,
      Duration lease,
      Runnable onStartLeading) {
    this.client = Objects.requireNonNull(client, "client");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.name = Objects.requireNonNull(name, "name");
    this.identity = Objects.requireNonNull(identity, "identity");
    this.lease = Objects.requireNonNull(lease, "lease");
    this.onStartLeading = Objects.requireNonNull(onStartLeading, "onStartLeading");
  }

  /** Stands for election in the background; returns at once. */
  public synchronized LeaseLeadership start() {
    if (closed) {
      return this;
    }
    var config =
        new LeaderElectionConfigBuilder()
            .withName(name)
            .withLock(new LeaseLock(namespace, name, identity))
            .withLeaseDuration(lease)
            .withRenewDeadline(lease.multipliedBy(2).dividedBy(3))
            .withRetryPeriod(lease.dividedBy(5))
            .withReleaseOnCancel(true)
            .withLeaderCallbacks(
                new LeaderCallbacks(this::startedLeading, this::stoppedLeading, this::newLeader))
            .build();
    election = client.leaderElector().withConfig(config).build().start();
    election.whenComplete((ignored, error) -> standAgain(error));
    return this;
  }

  private void startedLeading() {
    log.info("{} is the leader (Lease {}/{})", identity, namespace, name);
    try {
      onStartLeading.run();
    } finally {
      leader = true;
    }
  }

  private void stoppedLeading() {
    if (leader) {
      log.info("{} is no longer the leader", identity);
    }
    leader = false;
  }

  private void newLeader(String who) {
    currentLeader = who == null ? "" : who;
    if (!identity.equals(who)) {
      log.info("Leader is now {}; {} follows", who, identity);
    }
  }

  private void standAgain(Throwable error) {
    leader = false;
    if (closed) {
      return;
    }
    log.warn(
        "Leader election for {}/{} ended ({}); standing again",
        namespace,
        name,
        error == null ? "lease lost" : error.toString());
    CompletableFuture.delayedExecutor(lease.dividedBy(5).toMillis(), TimeUnit.MILLISECONDS)
        .execute(this::start);
  }

  @Override
  public boolean isLeader() {
    return leader;
  }

  @Override
  public String describe() {
    return leader
        ? "leader"
        : currentLeader.isEmpty() ? "follower (no leader yet)" : "follower of " + currentLeader;
  }

  /** Stops standing and releases the Lease when held. */
  @Override
  public void close() {
    CompletableFuture<?> running;
    synchronized (this) {
      closed = true;
      running = election;
    }
    leader = false;
    if (running != null) {
      running.cancel(true);
    }
  }
}
