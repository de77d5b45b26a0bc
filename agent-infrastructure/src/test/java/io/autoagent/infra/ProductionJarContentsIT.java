package io.autoagent.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The packaged agent (the jar the image carries) holds no test or sandbox server: no fabric8 mock
 * API, no Vert.x, no Netty. The sandbox is agent-infrastructure/sandbox's own jar.
 */
class ProductionJarContentsIT {

  private static final List<String> FORBIDDEN =
      List.of(
          "io/fabric8/kubernetes/client/server/mock/",
          "io/fabric8/mockwebserver/",
          "io/vertx/",
          "io/netty/",
          "okhttp3/mockwebserver",
          "mockwebserver3/",
          "io/autoagent/infra/cli/SandboxCommand",
          "io/autoagent/infra/cli/SandboxCluster");

  @Test
  void carriesNoMockServerVertxOrNetty() throws Exception {
    Path jar =
        Path.of(System.getProperty("build.dir", "target"), "infrastructure-agent.jar")
            .toAbsolutePath();
    assertThat(jar).as("packaged jar (failsafe runs after package)").exists();

    try (JarFile file = new JarFile(jar.toFile())) {
      List<String> entries = file.stream().map(JarEntry::getName).toList();

      assertThat(entries).as("the agent itself is there").contains("io/autoagent/infra/Main.class");
      assertThat(entries)
          .as("the sandbox's servers are not")
          .noneMatch(name -> FORBIDDEN.stream().anyMatch(name::startsWith));
    }
  }
}
