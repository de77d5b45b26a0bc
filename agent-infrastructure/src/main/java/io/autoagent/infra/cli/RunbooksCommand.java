package io.autoagent.infra.cli;

import io.autoagent.tools.runbook.Runbook;
import io.autoagent.tools.runbook.RunbookError;
import io.autoagent.tools.runbook.RunbookLibrary;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runbooks list|validate}: what the library holds, and whether every file is valid. */
@Command(
    name = "runbooks",
    mixinStandardHelpOptions = true,
    description = "List the runbooks of a directory, or validate them (exit 1 on any error).")
public final class RunbooksCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", defaultValue = "list", description = "list (default) or validate")
  String action;

  @Option(names = "--dir", defaultValue = "${env:RUNBOOK_DIR:-runbooks}",
      description = "Runbook directory (default: RUNBOOK_DIR, else ${DEFAULT-VALUE}).")
  Path dir;

  @Override
  public Integer call() {
    if (!Files.isDirectory(dir)) {
      throw new CliException("no runbook directory at " + dir.toAbsolutePath());
    }
    PrintWriter out = spec.commandLine().getOut();
    return switch (action) {
      case "list" -> list(out);
      case "validate" -> validate(out);
      default -> throw new CliException("unknown action '" + action + "': expected list or validate");
    };
  }

  private int list(PrintWriter out) {
    try (RunbookLibrary library = RunbookLibrary.builder().directory(dir).watchDirectory(false).build()) {
      List<Runbook> runbooks = library.all().stream().sorted(Comparator.comparing(Runbook::id)).toList();
      out.printf("%-32s %-6s %-12s %-40s %s%n", "ID", "RISK", "AUTOMATABLE", "CATEGORIES", "TITLE");
      for (Runbook r : runbooks) {
        out.printf("%-32s %-6s %-12s %-40s %s%n", r.id(), r.risk().wire(),
            r.automatable() ? (r.requiresApproval() ? "approval" : "yes") : "no",
            String.join(",", r.matches().categories().stream().map(Enum::name).sorted().toList()), r.title());
      }
      library.errors().forEach(e -> out.println("invalid: " + e.message()));
      out.flush();
      return library.errors().isEmpty() ? 0 : 1;
    }
  }

  private int validate(PrintWriter out) {
    List<RunbookError> errors = RunbookLibrary.validateDirectory(dir);
    errors.forEach(e -> out.println(e.message()));
    out.println(errors.isEmpty() ? "all runbooks in " + dir + " are valid" : errors.size() + " problem(s)");
    out.flush();
    return errors.isEmpty() ? 0 : 1;
  }
}
