package io.autoagent.infra.bench;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged agent jar as a child process, so that its heap, RSS and CPU time are its own. Reads
 * RSS and CPU time from {@code /proc}, the heap after a full GC from its {@code /metrics}.
 */
final class AgentProcess implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final int healthPort;
  private final long startNanos;

  private AgentProcess(Process process, int healthPort, long startNanos) {
    this.process = process;
    this.healthPort = healthPort;
    this.startNanos = startNanos;
  }

  static AgentProcess start(Path jar, List<String> jvmArgs, Map<String, String> env, Path log)
      throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder builder = new ProcessBuilder(command);
    // as the Dockerfile sets it: fewer glibc malloc arenas, less RSS for the same work
    builder.environment().put("MALLOC_ARENA_MAX", "2");
    builder.environment().putAll(env);
    builder.environment().put("HEALTH_PORT", Integer.toString(port));
    builder
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    long start = System.nanoTime();
    return new AgentProcess(builder.start(), port, start);
  }

  long pid() {
    return process.pid();
  }

  /**
   * Seconds from process start until {@code /readyz} answers 200; NaN when not within {@code
   * timeout}.
   */
  double awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        int code =
            HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/readyz"))
                        .timeout(Duration.ofSeconds(2))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
        if (code == 200) {
          return sinceStart(System.nanoTime());
        }
      } catch (java.io.IOException e) {
        // not listening yet
      }
      Thread.sleep(10);
    }
    return Double.NaN;
  }

  /**
   * Seconds from process start until the agent used less than {@code share} of one core over one
   * {@code window} (its start-up work done); NaN when not within {@code timeout}.
   */
  double awaitQuiet(Duration window, double share, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    long cpu = cpuMillis();
    long at = System.nanoTime();
    while (System.nanoTime() < deadline && process.isAlive()) {
      Thread.sleep(window.toMillis());
      long cpuNow = cpuMillis();
      long now = System.nanoTime();
      if (cpuNow - cpu < share * (now - at) / 1e6) {
        return sinceStart(now);
      }
      cpu = cpuNow;
      at = now;
    }
    return Double.NaN;
  }

  double sinceStart(long nanos) {
    return (nanos - startNanos) / 1e9;
  }

  /** Resident set size in MiB, from {@code /proc/<pid>/status}. */
  double rssMiB() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
      }
    }
    return Double.NaN;
  }

  /**
   * User plus system CPU time in milliseconds, from {@code /proc/<pid>/stat} (100 ticks a second).
   */
  long cpuMillis() throws Exception {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // fields[0] is field 3 (state): utime is field 14, stime field 15.
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
  }

  /** Runs a full GC ({@code jcmd GC.run}) and returns the heap in use afterwards, in MiB. */
  double heapAfterFullGcMiB() throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process gc =
        new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "GC.run")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!gc.waitFor(60, TimeUnit.SECONDS)) {
      gc.destroyForcibly();
      return Double.NaN;
    }
    String metrics =
        HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/metrics"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    double bytes = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        bytes += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return bytes / (1024.0 * 1024.0);
  }

  /**
   * Writes {@code jcmd VM.native_memory summary} to {@code file} (the agent must run with {@code
   * -XX:NativeMemoryTracking=summary}), where the RSS beyond the heap goes, and the heap's class
   * histogram beside it.
   */
  void nativeMemory(Path file) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process nmt =
        new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "VM.native_memory", "summary")
            .redirectErrorStream(true)
            .redirectOutput(file.toFile())
            .start();
    if (!nmt.waitFor(60, TimeUnit.SECONDS)) {
      nmt.destroyForcibly();
    }
    Path histogram = file.resolveSibling("class-histogram.txt");
    Process classes =
        new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "GC.class_histogram")
            .redirectErrorStream(true)
            .redirectOutput(histogram.toFile())
            .start();
    if (!classes.waitFor(60, TimeUnit.SECONDS)) {
      classes.destroyForcibly();
    }
  }

  /**
   * Writes every thread's stack, virtual threads included ({@code jcmd Thread.dump_to_file}), to
   * {@code file}.
   */
  void threadDump(Path file) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process dump =
        new ProcessBuilder(
                jcmd.toString(),
                Long.toString(pid()),
                "Thread.dump_to_file",
                "-overwrite",
                file.toAbsolutePath().toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!dump.waitFor(60, TimeUnit.SECONDS)) {
      dump.destroyForcibly();
    }
  }

  /** SIGTERM, then SIGKILL after {@code grace}: a JFR recording is written on the graceful exit. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
