package io.autoagent.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ExposedPort;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The checks both agents' containers pass: the image's settings and the running process's
 * confinement.
 */
final class Hardening {

  /** Directories of the image's root filesystem; only the writable path may take a file. */
  static final List<String> ROOT_FS_DIRS =
      List.of(
          "/",
          "/app",
          "/etc",
          "/home",
          "/opt",
          "/opt/java",
          "/root",
          "/run",
          "/usr",
          "/usr/local",
          "/var",
          "/var/tmp",
          "/var/lib");

  private Hardening() {}

  /** The image itself: its user, exposed port and HEALTHCHECK are what the runtime file says. */
  static void assertImage(AgentContainer agent, ContainerRuntime runtime) {
    ContainerConfig config = agent.imageInfo().getConfig();
    assertThat(config.getUser()).isEqualTo(runtime.user());
    assertThat(config.getExposedPorts())
        .extracting(ExposedPort::getPort)
        .contains(runtime.httpPort());
    assertThat(Arrays.asList(config.getEnv())).contains("HEALTH_PORT=" + runtime.httpPort());
    assertThat(String.join(" ", config.getHealthcheck().getTest()))
        .contains(runtime.livenessProbe());
  }

  /**
   * The running agent: its JVM is PID 1 as the runtime's uid and gid, with no capability and no way
   * to gain one, and of the root filesystem only the writable path takes a file.
   */
  static void assertConfined(AgentContainer agent, ContainerRuntime runtime) throws Exception {
    Map<String, String> status = agent.processStatus();
    assertThat(status.get("Name")).isEqualTo("java");
    assertThat(status.get("Uid").split("\\s+")).containsOnly(Integer.toString(runtime.runAsUser()));
    assertThat(status.get("Gid").split("\\s+"))
        .containsOnly(Integer.toString(runtime.runAsGroup()));
    for (String set : List.of("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb")) {
      assertThat(Long.parseLong(status.get(set), 16)).as(set).isZero();
    }
    assertThat(status.get("NoNewPrivs")).isEqualTo(runtime.allowPrivilegeEscalation() ? "0" : "1");

    List<String> dirs = new java.util.ArrayList<>(ROOT_FS_DIRS);
    dirs.add(runtime.writablePath());
    assertThat(agent.writable(dirs)).containsExactly(runtime.writablePath());
    String mounts = agent.exec("cat", "/proc/1/mountinfo");
    assertThat(
            mounts
                .lines()
                .filter(line -> line.split(" ")[4].equals("/"))
                .findFirst()
                .orElseThrow()
                .split(" ")[5])
        .as("root filesystem mount options")
        .startsWith("ro");
  }
}
