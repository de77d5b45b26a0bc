package io.autoagent.tools.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunbookLibraryDirectoryTest {

  @TempDir Path dir;
  private final List<RunbookRejection> rejections = new CopyOnWriteArrayList<>();
  private RunbookLibrary library;
  private String valid;

  @BeforeEach
  void start() throws IOException {
    valid = RunbookValidatorTest.fixture("valid.yaml");
    Files.writeString(dir.resolve("demo.yaml"), valid);
    library = RunbookLibrary.builder().directory(dir).rejectionListener(rejections::add).build();
  }

  @AfterEach
  void stop() {
    library.close();
  }

  @Test
  void loadsTheDirectoryOnBuild() {
    assertThat(library.find("demo")).map(Runbook::title).contains("Demo scale");
    assertThat(library.find("demo").orElseThrow().source())
        .isEqualTo(dir.resolve("demo.yaml").toString());
  }

  @Test
  void picksUpANewFileWithoutReload() throws IOException {
    Files.writeString(dir.resolve("demo-two.yaml"), valid.replace("id: demo", "id: demo-two"));

    await().atMost(Duration.ofSeconds(20)).until(() -> library.find("demo-two").isPresent());
  }

  @Test
  void picksUpAChangedFile() throws IOException {
    Files.writeString(
        dir.resolve("demo.yaml"), valid.replace("title: Demo scale", "title: Demo scale v2"));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> library.find("demo").map(Runbook::title).orElse("").equals("Demo scale v2"));
  }

  @Test
  void keepsTheLastGoodVersionWhenAFileBreaks() throws IOException {
    // when the file is replaced by an invalid version
    Files.writeString(
        dir.resolve("demo.yaml"), valid.replace("action: scale_deployment", "action: rm_rf"));

    // then the listener hears of it, the error names file and field, and the old version stays
    await().atMost(Duration.ofSeconds(20)).until(() -> !rejections.isEmpty());
    await().atMost(Duration.ofSeconds(5)).until(() -> !library.errors().isEmpty());
    RunbookRejection r = rejections.getFirst();
    assertThat(r.keptPrevious()).isTrue();
    assertThat(r.runbookId()).isEqualTo("demo");
    assertThat(r.errors()).extracting(RunbookError::field).containsExactly("steps[0].action");
    assertThat(library.errors().getFirst().source()).endsWith("demo.yaml");
    assertThat(library.find("demo")).isPresent();
  }

  @Test
  void dropsARunbookWhoseFileIsDeleted() throws IOException {
    Files.delete(dir.resolve("demo.yaml"));

    await().atMost(Duration.ofSeconds(20)).until(() -> library.find("demo").isEmpty());
  }

  @Test
  void refusesAFileWhoseIdDiffersFromItsName() throws IOException {
    Files.writeString(dir.resolve("other.yaml"), valid);

    library.reload();

    assertThat(library.errors())
        .extracting(RunbookError::message)
        .containsExactly(
            dir.resolve("other.yaml") + ": id: id 'demo' must equal the file name 'other'");
  }
}
