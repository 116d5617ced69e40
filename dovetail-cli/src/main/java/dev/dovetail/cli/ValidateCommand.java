package dev.dovetail.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "validate",
        description = {
                "Check a workspace: every file, every cross-reference and every mapping's syntax.",
                "Prints each problem as file:line:col: error [code]: message, with a hint, then a summary."},
        footer = {"", "Exit codes: 0 valid (warnings allowed), 1 errors found, 2 usage error."})
final class ValidateCommand implements Callable<Integer> {
    private final Terminal terminal;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The workspace folder (the one holding dovetail.yaml).")
    String dir;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ReportFormat format;

    @Option(names = "--require-secrets",
            description = "Treat a secret without a value as an error, as the server does (default: a warning, so a"
                    + " workspace can be checked where its secrets are not available, e.g. in CI).")
    boolean requireSecrets;

    ValidateCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        var folder = WorkspaceFolder.existing(spec, dir);
        var load = new WorkspaceLoading(terminal).load(folder.root(), requireSecrets);
        format.print(folder, load, terminal.out());
        return load.report().hasErrors() ? ExitCodes.FAILED : ExitCodes.OK;
    }
}
