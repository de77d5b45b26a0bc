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
    exitCodeListHeading = ExitCodes.HELP_HEADING,
    exitCodeList = {
      ExitCodes.HELP_OK,
      ExitCodes.HELP_FAILURE,
      ExitCodes.HELP_USAGE,
      ExitCodes.HELP_REJECTED
    },
    description = "List the runbooks of a directory, or validate them (exit 1 on any error).")
public final class RunbooksCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      defaultValue = "list",
      description =
          "list (default: the built-in runbooks and those of --dir) or validate (the files of --dir)")
  String action;

  @Option(
      names = "--dir",
      defaultValue = "${env:RUNBOOK_DIR:-runbooks}",
      description = "Runbook directory (default: RUNBOOK_DIR, else ${DEFAULT-VALUE}).")
  Path dir;

  @Override
  public Integer call() {
    if (!Files.isDirectory(dir) && !action.equals("list")) {
      throw CliException.usage("no runbook directory at " + dir.toAbsolutePath());
    }
    PrintWriter out = spec.commandLine().getOut();
    return switch (action) {
      case "list" -> list(out);
      case "validate" -> validate(out);
      default ->
          throw CliException.usage("unknown action '" + action + "': expected list or validate");
    };
  }

  private int list(PrintWriter out) {
    // the library the agent runs with: the built-in runbooks, overridden by id by the directory's
    RunbookLibrary.Builder builder = RunbookLibrary.builder().builtIn(true).watchDirectory(false);
    if (Files.isDirectory(dir)) {
      builder.directory(dir);
    }
    try (RunbookLibrary library = builder.build()) {
      List<Runbook> runbooks =
          library.all().stream().sorted(Comparator.comparing(Runbook::id)).toList();
      Table table =
          new Table("ID", "RISK", "AUTOMATABLE", "CATEGORIES", "TITLE").keep(0).keep(1).keep(2);
      for (Runbook r : runbooks) {
        table.row(
            r.id(),
            r.risk().wire(),
            r.automatable() ? (r.requiresApproval() ? "approval" : "yes") : "no",
            String.join(",", r.matches().categories().stream().map(Enum::name).sorted().toList()),
            r.title());
      }
      table.render(Table.terminalWidth(System.getenv())).forEach(out::println);
      PrintWriter err = spec.commandLine().getErr();
      library.errors().forEach(e -> err.println("invalid: " + e.message()));
      err.flush();
      out.flush();
      return library.errors().isEmpty() ? 0 : 1;
    }
  }

  private int validate(PrintWriter out) {
    List<RunbookError> errors = RunbookLibrary.validateDirectory(dir);
    errors.forEach(e -> out.println(e.message()));
    out.println(
        errors.isEmpty() ? "all runbooks in " + dir + " are valid" : errors.size() + " problem(s)");
    out.flush();
    return errors.isEmpty() ? 0 : 1;
  }
}
