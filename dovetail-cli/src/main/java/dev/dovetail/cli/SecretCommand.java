package dev.dovetail.cli;

import dev.dovetail.model.SecretStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "secret",
        description = {"Manage the workspace's encrypted secret store (the file named by secrets.store in dovetail.yaml).",
                "The store's key comes from the environment variable " + SecretStore.MASTER_KEY_VARIABLE + "."},
        subcommands = {SecretCommand.Set.class, SecretCommand.List.class, SecretCommand.Remove.class, SecretCommand.Keygen.class},
        footer = {"", "Workspace files refer to a secret as ${secret:NAME}; a DOVETAIL_SECRET_<NAME> variable overrides the store."})
final class SecretCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Name a secret command: set, list, remove or keygen.");
    }

    /** {@code --workspace DIR}, shared by the commands that use the store. */
    static final class WorkspaceOption {
        @Spec(Spec.Target.MIXEE)
        CommandSpec spec;

        @Option(names = {"-w", "--workspace"}, paramLabel = "DIR", defaultValue = ".",
                description = "The workspace folder (default: the current folder).")
        String dir;

        Path root() {
            return WorkspaceFolder.existing(spec, dir).root();
        }
    }

    @Command(name = "set", description = {"Add or replace a secret. The value is read without echo from the terminal,",
            "or from standard input with --value-stdin (one trailing newline is dropped)."})
    static final class Set implements Callable<Integer> {
        private final Terminal terminal;

        @Spec
        CommandSpec spec;

        @Mixin
        WorkspaceOption workspace;

        @Parameters(index = "0", paramLabel = "NAME", description = "The secret's name: letters, digits, '.', '_' and '-'.")
        String name;

        @Option(names = "--value-stdin", description = "Read the value from standard input instead of asking for it.")
        boolean valueFromStdin;

        Set(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        public Integer call() throws IOException {
            checkName(spec, name);
            Path root = workspace.root();
            String value = valueFromStdin ? readStdin() : ask();
            if (value.isEmpty()) throw new ParameterException(spec.commandLine(), "The value is empty; nothing was stored.");
            var store = WorkspaceSecrets.open(root, terminal.env());
            boolean replaced = store.get(name).isPresent();
            store.put(name, value);
            terminal.out().println((replaced ? "Replaced" : "Stored") + " secret '" + name + "' in " + shown(root, store.file())
                    + "; refer to it as ${secret:" + name + "}");
            return ExitCodes.OK;
        }

        private String readStdin() throws IOException {
            String text = new String(terminal.in().readAllBytes(), StandardCharsets.UTF_8);
            if (text.endsWith("\r\n")) return text.substring(0, text.length() - 2);
            if (text.endsWith("\n")) return text.substring(0, text.length() - 1);
            return text;
        }

        private String ask() {
            char[] typed = terminal.hiddenInput().read("Value for secret '" + name + "' (not shown): ")
                    .orElseThrow(() -> new ParameterException(spec.commandLine(),
                            "No terminal to ask for the value on; pipe it in with --value-stdin."));
            try {
                return new String(typed);
            } finally {
                Arrays.fill(typed, '\0');
            }
        }
    }

    @Command(name = "list", description = "Print the names of the stored secrets, one per line (never their values).")
    static final class List implements Callable<Integer> {
        private final Terminal terminal;

        @Mixin
        WorkspaceOption workspace;

        List(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        public Integer call() {
            Path root = workspace.root();
            var store = WorkspaceSecrets.open(root, terminal.env());
            var names = store.names();
            names.forEach(terminal.out()::println);
            if (names.isEmpty()) terminal.err().println("No secrets in " + shown(root, store.file()) + ".");
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", description = "Delete a secret from the store.")
    static final class Remove implements Callable<Integer> {
        private final Terminal terminal;

        @Spec
        CommandSpec spec;

        @Mixin
        WorkspaceOption workspace;

        @Parameters(index = "0", paramLabel = "NAME", description = "The secret to delete.")
        String name;

        Remove(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        public Integer call() {
            checkName(spec, name);
            Path root = workspace.root();
            var store = WorkspaceSecrets.open(root, terminal.env());
            if (!store.remove(name)) {
                throw CliFailure.usage("no secret named '" + name + "' in " + shown(root, store.file()));
            }
            terminal.out().println("Removed secret '" + name + "' from " + shown(root, store.file()));
            return ExitCodes.OK;
        }
    }

    @Command(name = "keygen", description = {"Print a new random master key (the Base64 of 32 random bytes).",
            "Set it as " + SecretStore.MASTER_KEY_VARIABLE + " before the first `secret set`, and keep it safe:",
            "without it the store cannot be read."})
    static final class Keygen implements Callable<Integer> {
        private final Terminal terminal;

        Keygen(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        public Integer call() {
            terminal.out().println(SecretStore.newMasterKey());
            return ExitCodes.OK;
        }
    }

    private static void checkName(CommandSpec spec, String name) {
        try {
            SecretStore.checkName(name);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static String shown(Path root, Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(root) ? root.relativize(absolute).toString() : absolute.toString();
    }
}
