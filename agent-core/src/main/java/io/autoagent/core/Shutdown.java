package io.autoagent.core;

import java.util.concurrent.CountDownLatch;

/** How an agent process waits for its end: SIGTERM or Ctrl-C closes it gracefully. */
public final class Shutdown {

  private Shutdown() {}

  /**
   * Blocks until the JVM is asked to stop, then closes {@code agent} from the shutdown hook and
   * returns once it is closed. A failure while closing is printed as one line under {@code name}.
   */
  public static void awaitSignal(String name, AutoCloseable agent) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    agent.close();
                  } catch (Exception e) {
                    System.err.println(name + ": shutdown: " + e);
                  }
                  stopped.countDown();
                },
                "shutdown"));
    stopped.await();
  }
}
