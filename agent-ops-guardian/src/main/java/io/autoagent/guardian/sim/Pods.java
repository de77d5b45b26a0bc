package io.autoagent.guardian.sim;

import java.util.ArrayList;
import java.util.List;

/** The pods of the simulated Deployment: ready ones and starting ones with their ready time. */
final class Pods {

  private final int startupSeconds;
  private final List<Long> starting = new ArrayList<>();
  private int ready;

  Pods(int replicas, int startupSeconds) {
    this.ready = replicas;
    this.startupSeconds = startupSeconds;
  }

  int desired() {
    return ready + starting.size();
  }

  int ready() {
    return ready;
  }

  /** Adds starting pods, or removes pods (starting ones first, as a ReplicaSet does). */
  void scaleTo(int replicas, long nowSeconds) {
    for (int i = desired(); i < replicas; i++) {
      starting.add(nowSeconds + startupSeconds);
    }
    for (int i = desired(); i > replicas; i--) {
      if (!starting.isEmpty()) {
        starting.remove(starting.size() - 1);
      } else {
        ready--;
      }
    }
  }

  /** Pods whose start-up has finished by {@code nowSeconds} begin serving. */
  void promote(long nowSeconds) {
    starting.removeIf(
        readyAt -> {
          if (readyAt <= nowSeconds) {
            ready++;
            return true;
          }
          return false;
        });
  }
}
