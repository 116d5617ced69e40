package dev.dovetail.model;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Reads a workspace folder, checks every file and every cross-reference, and returns either a complete
 * {@link Workspace} or every problem found. Never throws for bad content; only for a programming error.
 *
 * <p>What is checked (each problem has a stable code, see {@code docs/workspace.md}): YAML syntax, duplicate and
 * unknown keys (with "did you mean"), required keys, types and allowed values, durations, sizes, time zones,
 * currencies, cron expressions, name rules and file names, references between files (systems, operations,
 * events, mappings, value maps, entities and their fields, BPMN processes and messages), mapping syntax (through
 * the {@link ExpressionSyntax} given), value map CSVs, {@code ${ENV}} and {@code ${secret:name}} placeholders,
 * inline secrets, Camel route outlines, dashboards and test fixtures. Warnings (which do not stop loading):
 * at-least-once deliveries, files and folders that are not read.
 *
 * <p>The secret store named by {@code dovetail.yaml} ({@code secrets.store}) is opened with the master key from the
 * environment variable {@value SecretStore#MASTER_KEY_VARIABLE} (read through the {@link Environment}).
 */
public final class WorkspaceLoader {
    private final Environment environment;
    private final ExpressionSyntax expressionSyntax;

    public WorkspaceLoader(Environment environment, ExpressionSyntax expressionSyntax) {
        this.environment = requireNonNull(environment, "environment");
        this.expressionSyntax = requireNonNull(expressionSyntax, "expressionSyntax");
    }

    public WorkspaceLoad load(Path root) {
        return new LoadRun(root.toAbsolutePath().normalize(), environment, expressionSyntax).load();
    }
}
