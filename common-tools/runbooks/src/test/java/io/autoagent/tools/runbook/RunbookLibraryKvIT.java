package io.autoagent.tools.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.NatsServerRunner;
import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real nats-server with JetStream: one server for the class, one bucket per test. */
class RunbookLibraryKvIT {

  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static NatsServerRunner server;
  private static Connection nc;

  @TempDir Path dir;
  private String bucket;
  private String valid;
  private final List<RunbookRejection> rejections = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startServer() throws Exception {
    // under this build's own directory (target/ or -Dbuild.dir), never the shared /tmp/nats default
    Path buildDir =
        Path.of(
                RunbookLibraryKvIT.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI())
            .getParent();
    Path store = Files.createTempDirectory(buildDir, "nats-runbook-kv-");
    server =
        NatsServerRunner.builder()
            .jetstream(true)
            .customArgs(new String[] {"-sd", store.toAbsolutePath().toString()})
            .build();
    nc = Nats.connect(server.getURI());
  }

  @AfterAll
  static void stopServer() throws Exception {
    nc.close();
    server.close();
  }

  @BeforeEach
  void given() throws Exception {
    bucket = "runbooks-" + BUCKETS.incrementAndGet();
    valid = RunbookValidatorTest.fixture("valid.yaml");
    Files.writeString(dir.resolve("demo.yaml"), valid);
  }

  private RunbookLibrary library() {
    return RunbookLibrary.builder()
        .directory(dir)
        .connection(nc)
        .bucket(bucket)
        .rejectionListener(rejections::add)
        .build();
  }

  private KeyValue kv() throws Exception {
    return nc.keyValue(bucket);
  }

  private static String title(RunbookLibrary lib) {
    return lib.find("demo").map(Runbook::title).orElse("");
  }

  @Test
  void createsTheBucketAndLoadsRunbooksPublishedAtRuntime() throws Exception {
    try (RunbookLibrary lib = library()) {
      assertThat(nc.keyValueManagement().getBucketNames()).contains(bucket);

      kv().put("demo-kv", valid.replace("id: demo", "id: demo-kv"));

      await().atMost(Duration.ofSeconds(20)).until(() -> lib.find("demo-kv").isPresent());
      assertThat(lib.find("demo-kv").orElseThrow().source())
          .startsWith("kv:" + bucket + "/demo-kv@");
    }
  }

  @Test
  void loadsEntriesThatExistedBeforeItStarted() throws Exception {
    library().close(); // creates the bucket
    kv().put("demo-early", valid.replace("id: demo", "id: demo-early"));

    try (RunbookLibrary lib = library()) {
      assertThat(lib.find("demo-early")).isPresent();
    }
  }

  @Test
  void kvOverridesTheFileAndDeletingItBringsTheFileBack() throws Exception {
    try (RunbookLibrary lib = library()) {
      kv().put("demo", valid.replace("title: Demo scale", "title: From KV"));
      await().atMost(Duration.ofSeconds(20)).until(() -> title(lib).equals("From KV"));

      kv().delete("demo");

      await().atMost(Duration.ofSeconds(20)).until(() -> title(lib).equals("Demo scale"));
    }
  }

  @Test
  void refusesABadUpdateAndKeepsTheLastGoodVersion() throws Exception {
    try (RunbookLibrary lib = library()) {
      kv().put("demo", valid.replace("title: Demo scale", "title: KV v1"));
      await().atMost(Duration.ofSeconds(20)).until(() -> title(lib).equals("KV v1"));

      // when an operator publishes an update with an unregistered action
      long rev =
          kv().put(
                  "demo",
                  valid
                      .replace("title: Demo scale", "title: KV v2")
                      .replace("action: scale_deployment", "action: delete_namespace"));

      // then it is refused, the listener is told, and v1 stays in use
      await().atMost(Duration.ofSeconds(20)).until(() -> !rejections.isEmpty());
      RunbookRejection r = rejections.getLast();
      assertThat(r.source()).isEqualTo("kv:" + bucket + "/demo@" + rev);
      assertThat(r.keptPrevious()).isTrue();
      assertThat(r.errors()).extracting(RunbookError::field).containsExactly("steps[0].action");
      await().atMost(Duration.ofSeconds(5)).until(() -> !lib.errors().isEmpty());
      assertThat(title(lib)).isEqualTo("KV v1");

      // and a later good update replaces it and clears the error
      kv().put("demo", valid.replace("title: Demo scale", "title: KV v3"));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> title(lib).equals("KV v3") && lib.errors().isEmpty());
    }
  }

  @Test
  void refusesAnEntryWhoseIdDiffersFromItsKey() throws Exception {
    try (RunbookLibrary lib = library()) {
      kv().put("other", valid);

      await().atMost(Duration.ofSeconds(20)).until(() -> !rejections.isEmpty());
      assertThat(rejections.getFirst().errors())
          .extracting(RunbookError::field)
          .containsExactly("id");
      assertThat(lib.find("other")).isEmpty();
    }
  }
}
