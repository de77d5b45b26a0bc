package io.autoagent.infra;

import io.autoagent.core.config.ConfigException;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the infrastructure agent: {@code java -jar infrastructure-agent.jar}. A bad setting stops
 * start-up with one line naming the variable and exit status 2.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    InfraConfig config;
    try {
      config = InfraConfig.fromEnv(System.getenv());
    } catch (ConfigException e) {
      // No logger yet on purpose: logging is configured from the same (possibly bad) variables.
      System.err.println("infrastructure-agent: " + e.getMessage());
      System.exit(2);
      return;
    }
    InfrastructureAgent agent;
    try {
      agent = InfrastructureAgent.start(config);
    } catch (IOException e) {
      System.err.println("infrastructure-agent: cannot start: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  agent.close();
                  stopped.countDown();
                },
                "shutdown"));
    stopped.await();
  }
}
