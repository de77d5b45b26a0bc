package io.autoagent.tools.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runbook library shipped in the jar: complete, valid, and overridable by id. */
class BuiltInRunbooksTest {

  @TempDir Path dir;

  @Test
  void indexNamesExactlyTheRepositorysRunbookFiles() throws IOException {
    // given the repository's runbooks/*.yaml
    List<String> files;
    try (Stream<Path> list = Files.list(Incidents.SHIPPED)) {
      files =
          list.map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".yaml") || n.endsWith(".yml"))
              .sorted()
              .toList();
    }

    // when
    Map<String, String> builtIn = BuiltInRunbooks.load();

    // then: index.txt (runbooks/index.txt, packaged with the files) lists each one, with its
    // content
    assertThat(files).isNotEmpty();
    assertThat(builtIn.keySet()).containsExactlyInAnyOrderElementsOf(files);
    for (String name : files) {
      assertThat(builtIn.get(name))
          .as(name)
          .isEqualTo(Files.readString(Incidents.SHIPPED.resolve(name)));
    }
  }

  @Test
  void aLibraryWithNoDirectoryHasEveryShippedRunbook() {
    try (RunbookLibrary lib = RunbookLibrary.builder().builtIn(true).build()) {
      assertThat(lib.errors()).isEmpty();
      assertThat(lib.all()).hasSize(BuiltInRunbooks.load().size());
      assertThat(lib.all())
          .extracting(Runbook::id)
          .contains(
              "restart-crashlooping-pods",
              "increase-memory-limit",
              "rollback-deployment",
              "investigate-manually");
      assertThat(lib.find("increase-memory-limit").orElseThrow().source())
          .isEqualTo("built-in:increase-memory-limit.yaml");
      assertThat(lib.origins())
          .containsExactly(Map.entry("built-in", BuiltInRunbooks.load().size()));
    }
  }

  @Test
  void aDirectoryAddsRunbooksAndOverridesBuiltInOnesById() throws IOException {
    // given a directory with a new runbook and one replacing a built-in runbook
    Files.writeString(
        dir.resolve("investigate-manually.yaml"),
        Files.readString(Incidents.SHIPPED.resolve("investigate-manually.yaml"))
            .replaceFirst("(?m)^title: .*$", "title: Our own triage"));
    Files.writeString(
        dir.resolve("page-the-team.yaml"),
        Files.readString(Incidents.SHIPPED.resolve("investigate-manually.yaml"))
            .replace("investigate-manually", "page-the-team"));

    // when
    try (RunbookLibrary lib =
        RunbookLibrary.builder().builtIn(true).directory(dir).watchDirectory(false).build()) {
      // then
      int shipped = BuiltInRunbooks.load().size();
      assertThat(lib.errors()).isEmpty();
      assertThat(lib.all()).hasSize(shipped + 1);
      assertThat(lib.find("investigate-manually").orElseThrow().source())
          .startsWith(dir.toString());
      assertThat(lib.find("investigate-manually").orElseThrow().title())
          .isEqualTo("Our own triage");
      assertThat(lib.origins())
          .containsEntry("built-in", shipped - 1)
          .containsEntry(dir.toString(), 2);
    }
  }

  @Test
  void isOffUnlessAsked() throws IOException {
    try (RunbookLibrary lib =
        RunbookLibrary.builder().directory(dir).watchDirectory(false).build()) {
      assertThat(lib.all()).isEmpty();
    }
  }
}
