package io.autoagent.containers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * docker/container-runtime.yaml: how both agents' containers run. The container tests start the
 * images with exactly this; the Helm chart's test checks the chart's pods get the same. An unknown
 * key fails the load, so the file cannot drift from what is tested.
 */
record ContainerRuntime(
    int runAsUser,
    int runAsGroup,
    boolean runAsNonRoot,
    boolean readOnlyRootFilesystem,
    boolean allowPrivilegeEscalation,
    List<String> capabilitiesDrop,
    String writablePath,
    String writableSize,
    int httpPort,
    String startupProbe,
    String livenessProbe,
    String readinessProbe,
    String runbookDir) {

  static Path repoDir() {
    return Path.of(System.getProperty("repo.dir", "..")).toAbsolutePath().normalize();
  }

  static ContainerRuntime load() {
    Path file = repoDir().resolve("docker").resolve("container-runtime.yaml");
    try {
      return new ObjectMapper(new YAMLFactory()).readValue(file.toFile(), ContainerRuntime.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** {@code uid:gid}, as Docker's {@code --user} and the image's {@code USER} spell it. */
  String user() {
    return runAsUser + ":" + runAsGroup;
  }

  /** The tmpfs options for the writable path: {@code 256Mi} becomes {@code size=256m}. */
  String tmpfsOptions() {
    if (!writableSize.endsWith("Mi")) {
      throw new IllegalStateException(
          "writableSize=" + writableSize + " in container-runtime.yaml: expected <n>Mi");
    }
    return "rw,size=" + writableSize.substring(0, writableSize.length() - 2) + "m";
  }
}
