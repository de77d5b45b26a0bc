package io.autoagent.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HealthCheck;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;

/**
 * One agent's image run as the Helm chart runs it (docker/container-runtime.yaml): its uid, a
 * read-only root filesystem with a tmpfs on the writable path, every capability dropped, no
 * privilege escalation, on the host's network. The image's own HEALTHCHECK runs, checked every
 * second instead of the image's interval so the test need not wait for it; command, timeout,
 * retries and start period stay the image's.
 */
final class AgentContainer implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final String image;
  private final int healthPort;
  private final InspectImageResponse imageInfo;
  private final GenericContainer<?> container;
  private Duration readyAfter;
  private Duration healthyAfter;

  AgentContainer(
      String name,
      String image,
      ContainerRuntime runtime,
      Map<String, String> env,
      String... command)
      throws IOException {
    this.name = name;
    this.image = image;
    this.healthPort = LoopbackNats.freePort();
    this.imageInfo = inspectImage(image);
    HealthCheck imageCheck = imageInfo.getConfig().getHealthcheck();
    assertThat(imageCheck).as(image + " has a HEALTHCHECK").isNotNull();
    HealthCheck check =
        new HealthCheck()
            .withTest(imageCheck.getTest())
            .withInterval(Duration.ofSeconds(1).toNanos())
            .withTimeout(imageCheck.getTimeout())
            .withRetries(imageCheck.getRetries())
            .withStartPeriod(imageCheck.getStartPeriod());
    Map<String, String> all = new LinkedHashMap<>(env);
    all.put("HEALTH_PORT", Integer.toString(healthPort));
    container =
        new GenericContainer<>(image)
            .withNetworkMode("host")
            .withEnv(all)
            .withTmpFs(Map.of(runtime.writablePath(), runtime.tmpfsOptions()))
            .withCreateContainerCmdModifier(
                cmd -> {
                  cmd.withUser(runtime.user()).withHealthcheck(check);
                  cmd.getHostConfig()
                      .withReadonlyRootfs(runtime.readOnlyRootFilesystem())
                      .withCapDrop(
                          runtime.capabilitiesDrop().stream()
                              .map(Capability::valueOf)
                              .toArray(Capability[]::new))
                      .withSecurityOpts(
                          runtime.allowPrivilegeEscalation()
                              ? List.of()
                              : List.of("no-new-privileges"));
                })
            .withStartupTimeout(START_TIMEOUT);
    if (command.length > 0) {
      container.withCommand(command);
    }
  }

  /**
   * Starts the container and waits until {@code /readyz} answers 200, then until Docker calls it
   * healthy.
   */
  void start(String readinessPath) {
    long started = System.nanoTime();
    container.start();
    await("readiness of " + name)
        .atMost(START_TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> status(readinessPath) == 200);
    readyAfter = Duration.ofNanos(System.nanoTime() - started);
    await("HEALTHCHECK of " + name)
        .atMost(START_TIMEOUT)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> "healthy".equals(health()));
    healthyAfter = Duration.ofNanos(System.nanoTime() - started);
    System.out.printf(
        "container %s: image %s, %d MB; ready (%s 200) %.1f s and healthy %.1f s after start%n",
        name,
        image,
        imageInfo.getSize() / 1_000_000,
        readinessPath,
        readyAfter.toMillis() / 1000.0,
        healthyAfter.toMillis() / 1000.0);
  }

  InspectImageResponse imageInfo() {
    return imageInfo;
  }

  /** The HTTP status of {@code path} on the agent's health port, -1 when nothing answers. */
  int status(String path) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + path))
              .timeout(Duration.ofSeconds(2))
              .build();
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  String health() {
    InspectContainerResponse.ContainerState state = inspect().getState();
    return state.getHealth() == null ? null : state.getHealth().getStatus();
  }

  InspectContainerResponse inspect() {
    return docker().inspectContainerCmd(container.getContainerId()).exec();
  }

  /**
   * PID 1's /proc status (the agent's JVM: the image's ENTRYPOINT is exec form), field to value.
   */
  Map<String, String> processStatus() throws IOException, InterruptedException {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : exec("cat", "/proc/1/status").split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
      }
    }
    return fields;
  }

  /** Of {@code dirs}, those a process of the container's user can create a file in. */
  List<String> writable(List<String> dirs) throws IOException, InterruptedException {
    String script =
        "for d in \"$@\"; do f=\"$d/.write-probe-$$\"; if (: > \"$f\") 2>/dev/null; then rm -f \"$f\"; echo \"$d\"; fi; done";
    String[] command = new String[dirs.size() + 4];
    command[0] = "bash";
    command[1] = "-c";
    command[2] = script;
    command[3] = "probe";
    for (int i = 0; i < dirs.size(); i++) {
      command[i + 4] = dirs.get(i);
    }
    String out = exec(command).strip();
    return out.isEmpty() ? List.of() : List.of(out.split("\n"));
  }

  String exec(String... command) throws IOException, InterruptedException {
    ExecResult result = container.execInContainer(command);
    assertThat(result.getExitCode())
        .as(String.join(" ", command) + ": " + result.getStderr())
        .isZero();
    return result.getStdout();
  }

  /**
   * {@code docker stop}: SIGTERM, then SIGKILL after {@code grace}. Returns how long the container
   * took to exit and its exit status (143 when the JVM ended on the signal, 137 when killed).
   */
  Stopped stopGracefully(Duration grace) {
    long started = System.nanoTime();
    docker()
        .stopContainerCmd(container.getContainerId())
        .withTimeout((int) grace.toSeconds())
        .exec();
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    Long exit = inspect().getState().getExitCodeLong();
    System.out.printf(
        "container %s: stopped %.1f s after SIGTERM, exit status %d%n",
        name, took.toMillis() / 1000.0, exit);
    return new Stopped(took, exit == null ? -1 : exit);
  }

  record Stopped(Duration took, long exitStatus) {}

  String logs() {
    return container.getContainerId() == null ? "" : container.getLogs();
  }

  /** Keeps the container's output under target/containers, then removes the container. */
  @Override
  public void close() throws IOException {
    try {
      if (container.getContainerId() != null) {
        Path dir = Path.of("target", "containers");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + ".log"), logs());
      }
    } finally {
      container.stop();
    }
  }

  private static DockerClient docker() {
    return DockerClientFactory.instance().client();
  }

  private static InspectImageResponse inspectImage(String image) {
    try {
      return docker().inspectImageCmd(image).exec();
    } catch (NotFoundException e) {
      throw new AssertionError(
          "image "
              + image
              + " is not there: build it with `mvn package` and"
              + " `scripts/docker-images.sh images` (mvn verify does both)",
          e);
    }
  }
}
