package io.autoagent.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigurationDocTest {

  /** The module runs with agent-core as its working directory. */
  private static final Path CHECKED_IN = Path.of("..").resolve(ConfigurationDoc.PATH);

  @Test
  void checkedInDocumentIsTheOneGeneratedFromTheRegistry() throws Exception {
    String generated = ConfigurationDoc.render();
    if (Boolean.getBoolean("configuration.doc.update")) {
      Files.writeString(CHECKED_IN, generated, StandardCharsets.UTF_8);
    }

    assertThat(Files.readString(CHECKED_IN, StandardCharsets.UTF_8))
        .as(
            "docs/configuration.md is stale: run the agent-core tests with -Dconfiguration.doc.update=true "
                + "(or ConfigurationDoc's main from the repository root) and commit it")
        .isEqualTo(generated);
  }

  @Test
  void documentsEveryDeclaredVariableInOneTableRow() {
    String doc = ConfigurationDoc.render();

    for (Setting s : Settings.ALL) {
      assertThat(doc).contains("| `" + s.name() + "` |");
    }
    assertThat(doc).contains("| `ESCALATION_HTTP_TIMEOUT_SECONDS` | `ESCALATION_HTTP_TIMEOUT_S` |");
    // a blank line inside a table would break it into text
    assertThat(doc).doesNotContain("|\n\n|");
  }
}
