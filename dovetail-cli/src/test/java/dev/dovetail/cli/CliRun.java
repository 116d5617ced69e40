package dev.dovetail.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** Runs the CLI in-process, as a user would from a shell, and keeps what it printed. */
record CliRun(int exitCode, String out, String err) {

    static CliRun run(String... args) {
        return with(Map.of(), "", null, args);
    }

    /** @param typed what the user types at a hidden prompt; null when there is no console */
    static CliRun with(Map<String, String> env, String stdin, String typed, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        Terminal.HiddenInput console = typed == null ? Terminal.HiddenInput.NONE : prompt -> Optional.of(typed.toCharArray());
        var terminal = new Terminal(new PrintWriter(out), new PrintWriter(err),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), env, console);
        int exitCode = DovetailCli.run(terminal, args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }
}
