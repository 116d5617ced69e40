package dev.dovetail.cli;

import dev.dovetail.mapping.JsonataSyntax;
import dev.dovetail.model.Environment;
import dev.dovetail.model.WorkspaceLoad;
import dev.dovetail.model.WorkspaceLoader;
import java.nio.file.Path;

/**
 * Loads a workspace the way the server does: placeholders and {@code DOVETAIL_SECRET_*} secrets from the
 * process environment, the workspace's secret store opened with {@code DOVETAIL_MASTER_KEY}, mappings
 * checked as JSONata. Unlike the server, a secret without a value is only a warning unless asked otherwise:
 * fixtures and structure can be checked where the secrets are not available.
 */
final class WorkspaceLoading {
    private final Terminal terminal;

    WorkspaceLoading(Terminal terminal) {
        this.terminal = terminal;
    }

    WorkspaceLoad load(Path root, boolean requireSecrets) {
        var environment = Environment.of(terminal.env());
        return new WorkspaceLoader(requireSecrets ? environment : environment.withOptionalSecrets(), new JsonataSyntax()).load(root);
    }
}
