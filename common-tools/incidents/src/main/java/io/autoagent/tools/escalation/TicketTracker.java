package io.autoagent.tools.escalation;

import java.util.List;

/**
 * A ticket system (GitHub Issues, Jira) addressed by labels. Implementations are thread-safe and
 * map failures like {@link Notifier}: retriable for 5xx, 429 and I/O; permanent for other 4xx.
 */
public interface TicketTracker {

  /** No tracker: nothing is opened and nothing is found. */
  TicketTracker NONE =
      new TicketTracker() {
        @Override
        public List<String> findOpen(String label) {
          return List.of();
        }

        @Override
        public String open(String title, String body, List<String> labels) {
          return "";
        }

        @Override
        public void comment(String ticket, String body) {}

        @Override
        public void close(String ticket, String body) {}
      };

  /** Ids of the open tickets carrying this label. */
  List<String> findOpen(String label);

  /** Opens a ticket and returns its id (issue number, Jira key). */
  String open(String title, String body, List<String> labels);

  void comment(String ticket, String body);

  /** Comments (when {@code body} is not null) and closes. */
  void close(String ticket, String body);
}
