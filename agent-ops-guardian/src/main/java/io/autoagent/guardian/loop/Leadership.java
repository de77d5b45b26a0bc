package io.autoagent.guardian.loop;

/**
 * Whether this replica may act. Only the leader scales, publishes decisions and writes history; the
 * others keep their pauses in step and take over when the leader goes.
 */
public interface Leadership extends AutoCloseable {

  /** A single replica, or no cluster to elect in: always the leader. */
  Leadership ALWAYS =
      new Leadership() {
        @Override
        public boolean isLeader() {
          return true;
        }

        @Override
        public String describe() {
          return "leader (no election)";
        }
      };

  boolean isLeader();

  /** For logs and status: {@code leader}, {@code follower of X}, ... */
  String describe();

  @Override
  default void close() {}
}
