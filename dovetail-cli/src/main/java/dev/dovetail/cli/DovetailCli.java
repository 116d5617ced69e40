package dev.dovetail.cli;

import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code dovetail}: offline checks of a workspace ({@code validate}, {@code test}) and its local secret
 * store ({@code secret}). The launcher {@code ./dovetail} at the repository root forwards to this.
 */
@Command(name = "dovetail",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT, // --help and --version on every subcommand
        versionProvider = DovetailCli.Version.class,
        description = "Dovetail integration hub: check and test a workspace, manage its secrets.",
        subcommands = {ValidateCommand.class, TestCommand.class, SecretCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 validation or test failures, 2 usage error, 3 internal error.",
                "Documentation: docs/cli.md"})
public final class DovetailCli implements Runnable {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(Terminal.system(), args));
    }

    /** Runs one command line and returns its exit code; never calls System.exit. */
    static int run(Terminal terminal, String... args) {
        var cli = new CommandLine(new DovetailCli(), new TerminalFactory(terminal));
        cli.setOut(terminal.out());
        cli.setErr(terminal.err());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((failure, commandLine, parseResult) -> report(failure, terminal.err()));
        int exitCode = cli.execute(args);
        terminal.out().flush();
        terminal.err().flush();
        return exitCode;
    }

    private static int report(Exception failure, PrintWriter err) {
        if (failure instanceof CliFailure expected) {
            err.println("dovetail: " + expected.getMessage());
            return expected.exitCode();
        }
        err.println("dovetail: internal error, please report it with the trace below");
        failure.printStackTrace(err);
        return ExitCodes.INTERNAL;
    }

    @Override
    public void run() { // `dovetail` alone: say what it can do, as a usage error
        throw new CommandLine.ParameterException(spec.commandLine(), "Name a command.");
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = DovetailCli.class.getPackage().getImplementationVersion();
            return new String[] {"dovetail " + (version == null ? "(development build)" : version),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.home") + ")"};
        }
    }

    /** Gives commands that take a {@link Terminal} theirs; everything else is made the usual way. */
    private record TerminalFactory(Terminal terminal) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                var params = constructor.getParameterTypes();
                if (params.length == 1 && params[0] == Terminal.class) {
                    constructor.setAccessible(true);
                    return type.cast(constructor.newInstance(terminal));
                }
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
