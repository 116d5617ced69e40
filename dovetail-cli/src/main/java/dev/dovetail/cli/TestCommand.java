package dev.dovetail.cli;

import dev.dovetail.mapping.Difference;
import dev.dovetail.mapping.FixtureReport;
import dev.dovetail.mapping.FixtureResult;
import dev.dovetail.mapping.FixtureRunner;
import dev.dovetail.mapping.MappingEngine;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "test",
        description = {
                "Load a workspace and run its fixtures (tests/*.yaml): each mapping on its input, compared with the expected output.",
                "Prints each result with its file:line, the differences for each mismatch, and a summary."},
        footer = {"", "Exit codes: 0 all fixtures passed, 1 a fixture failed or the workspace is invalid, 2 usage error."})
final class TestCommand implements Callable<Integer> {
    private final Terminal terminal;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The workspace folder (the one holding dovetail.yaml).")
    String dir;

    TestCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        var folder = WorkspaceFolder.existing(spec, dir);
        var load = new WorkspaceLoading(terminal).load(folder.root(), false);
        if (load.workspace().isEmpty()) {
            terminal.out().println("The workspace is invalid, so no fixture was run.");
            terminal.out().println();
            ReportFormat.text.print(folder, load, terminal.out());
            return ExitCodes.FAILED;
        }
        var workspace = load.workspace().get();
        var report = new FixtureRunner(MappingEngine.of(workspace)).run(workspace.fixtures());
        print(folder, report, terminal.out());
        return report.allPassed() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** Like {@link FixtureReport#formatReport()}, with each fixture's place shown relative to the caller's folder. */
    static void print(WorkspaceFolder folder, FixtureReport report, PrintWriter out) {
        for (FixtureResult result : report.results()) {
            var fixture = result.fixture();
            String where = "  (" + folder.shownFile(fixture.file()) + ":" + fixture.line() + ")";
            switch (result) {
                case FixtureResult.Passed passed -> out.println("PASS  " + fixture.name() + where);
                case FixtureResult.Failed failed -> {
                    out.println("FAIL  " + fixture.name() + where);
                    out.println("      mapping " + fixture.mapping());
                    for (Difference difference : failed.differences()) out.println("      " + difference.describe());
                }
                case FixtureResult.Errored errored -> {
                    out.println("ERROR " + fixture.name() + where);
                    out.println("      mapping " + fixture.mapping());
                    out.println("      " + errored.failure().format());
                }
            }
        }
        if (!report.results().isEmpty()) out.println();
        out.println(folder.shown() + ": " + report.summary()
                + (report.results().isEmpty() ? " (add fixtures under tests/, see docs/workspace.md)" : ""));
        out.flush();
    }
}
