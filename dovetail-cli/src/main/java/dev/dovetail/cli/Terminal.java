package dev.dovetail.cli;

import java.io.Console;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * What a command may touch of the outside world: its output streams, standard input, the environment
 * variables and, when there is one, a console to read a secret from without echo. Tests pass their own.
 */
record Terminal(PrintWriter out, PrintWriter err, InputStream in, Map<String, String> env, HiddenInput hiddenInput) {

    /** Reads a line without echoing it; empty when there is no interactive console. */
    @FunctionalInterface
    interface HiddenInput {
        Optional<char[]> read(String prompt);

        HiddenInput NONE = prompt -> Optional.empty();
    }

    static Terminal system() {
        return new Terminal(
                new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
                new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true),
                System.in,
                System.getenv(),
                Terminal::readFromConsole);
    }

    private static Optional<char[]> readFromConsole(String prompt) {
        Console console = System.console();
        if (console == null || !isTerminal(console)) return Optional.empty();
        return Optional.ofNullable(console.readPassword("%s", prompt));
    }

    // Since JDK 22 System.console() may return a console even when stdin is a pipe; Console.isTerminal()
    // (22+) tells the two apart. Compiled for 21, so it is looked up rather than called.
    private static boolean isTerminal(Console console) {
        try {
            return (boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    Optional<String> variable(String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
    }
}
