package dev.dovetail.model;

import java.util.Optional;

/**
 * The outcome of loading a workspace folder: either a complete, valid {@link Workspace} (possibly with
 * warnings) or nothing at all plus every error found. Never a partial workspace.
 */
public record WorkspaceLoad(Optional<Workspace> workspace, ValidationReport report) {
    public static WorkspaceLoad loaded(Workspace workspace, ValidationReport report) {
        return new WorkspaceLoad(Optional.of(workspace), report);
    }

    public static WorkspaceLoad rejected(ValidationReport report) {
        return new WorkspaceLoad(Optional.empty(), report);
    }

    public boolean isLoaded() {
        return workspace.isPresent();
    }
}
