package dev.dovetail.cli;

import dev.dovetail.model.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * A workspace folder named on the command line: where it is, and how to show its files to the user
 * (relative to the folder as typed, so {@code examples/shop/systems/crm.yaml:3:1} opens from the shell).
 */
record WorkspaceFolder(Path root, String shown) {

    /** The folder {@code dir} names, or a usage error (exit 2) when it does not exist or is not a folder. */
    static WorkspaceFolder existing(CommandSpec spec, String dir) {
        Path path = Path.of(dir);
        if (!Files.exists(path)) {
            throw new ParameterException(spec.commandLine(), "Workspace folder not found: " + dir);
        }
        if (!Files.isDirectory(path)) {
            throw new ParameterException(spec.commandLine(), "Not a folder: " + dir + " (name the workspace folder, the one holding dovetail.yaml)");
        }
        String shown = path.normalize().toString();
        return new WorkspaceFolder(path.toAbsolutePath().normalize(), shown.isEmpty() ? "." : shown);
    }

    /** The same problem with its file shown relative to the caller's folder rather than the workspace root. */
    Problem display(Problem problem) {
        return new Problem(shownFile(problem.file()), problem.line(), problem.column(), problem.severity(),
                problem.code(), problem.message(), problem.hint());
    }

    String shownFile(String file) {
        if (shown.equals(".")) return file;
        if (file.isEmpty()) return shown;
        return shown.endsWith("/") ? shown + file : shown + "/" + file;
    }
}
