package io.autoagent.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.core.testing.NatsTestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar needs no writable directory but its temp dir: the image runs with a read-only
 * root filesystem and an emptyDir on /tmp. Runs the whole sandbox demo (NATS, Kubernetes informers,
 * runbook library, analyses) with its working and home directories unwritable.
 */
class ReadOnlyFilesystemIT {

  @TempDir Path scratch;

  @Test
  void runsTheWholeDemoWithOnlyItsTempDirWritable() throws Exception {
    Path jar =
        Path.of(System.getProperty("build.dir", "target"), "infrastructure-sandbox.jar")
            .toAbsolutePath();
    assertThat(jar).as("packaged jar (failsafe runs after package)").exists();
    Path readOnly = Files.createDirectory(scratch.resolve("read-only"));
    Path tmp = Files.createDirectory(scratch.resolve("tmp"));
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
    Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));

    try (NatsTestServer nats = NatsTestServer.start()) {
      List<String> command = new ArrayList<>();
      if (isRoot()) {
        // root ignores permissions: run as nobody, as the image runs as an unprivileged uid
        command.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
      }
      command.addAll(
          List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-Djava.io.tmpdir=" + tmp,
              "-XX:-UsePerfData",
              "-Dio.netty.noUnsafe=true",
              "-jar",
              jar.toString(),
              "sandbox",
              "--exit",
              "--nats-url",
              nats.url()));
      ProcessBuilder builder =
          new ProcessBuilder(command).directory(readOnly.toFile()).redirectErrorStream(true);
      builder.environment().put("HOME", readOnly.toString());
      builder.environment().remove("XDG_CONFIG_HOME");
      builder
          .environment()
          .put(
              "RUNBOOK_DIR",
              Path.of("..", "..", "runbooks").toAbsolutePath().normalize().toString());
      Process process = builder.start();

      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as(output).isZero();
      assertThat(output)
          .contains(
              "Root cause: CRASH_LOOP",
              "Root cause: OOM_KILLED",
              "Root cause: IMAGE_PULL",
              "Root cause: CONFIG_ERROR",
              "Root cause: HEALTHY")
          .doesNotContain("Exception");
      try (var written = Files.list(readOnly)) {
        assertThat(written).isEmpty();
      }
    }
  }

  private static boolean isRoot() throws IOException, InterruptedException {
    Process id = new ProcessBuilder("id", "-u").start();
    String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    id.waitFor();
    return "0".equals(uid);
  }
}
