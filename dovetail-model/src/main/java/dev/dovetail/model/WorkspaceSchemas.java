package dev.dovetail.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The JSON Schemas (draft 2020-12) of the workspace's YAML files, as shipped in this jar under
 * {@code dev/dovetail/model/schemas/<kind>.schema.json} (their source is {@code schemas/} at the repo root).
 * Editors use them through a {@code # yaml-language-server: $schema=...} header; the server can serve them.
 */
public final class WorkspaceSchemas {
    /** The kinds with a schema: {@code dovetail, system, entity, flow, sync, process, dashboard, tests}. */
    public static final List<String> KINDS = List.of("dovetail", "system", "entity", "flow", "sync", "process", "dashboard", "tests");

    private WorkspaceSchemas() {}

    /** Classpath resource name of a kind's schema, e.g. {@code dev/dovetail/model/schemas/flow.schema.json}. */
    public static String resourceName(String kind) {
        return "dev/dovetail/model/schemas/" + kind + ".schema.json";
    }

    /** The schema's JSON text, or empty for an unknown kind. */
    public static Optional<String> json(String kind) {
        if (!KINDS.contains(kind)) return Optional.empty();
        try (InputStream in = WorkspaceSchemas.class.getClassLoader().getResourceAsStream(resourceName(kind))) {
            if (in == null) return Optional.empty();
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The kind of schema a workspace file follows ({@code systems/crm.yaml} → {@code system}), if it has one. */
    public static Optional<String> kindOf(String relativePath) {
        var p = relativePath.replace('\\', '/');
        if (p.equals("dovetail.yaml")) return Optional.of("dovetail");
        if (!(p.endsWith(".yaml") || p.endsWith(".yml")) || p.endsWith(".camel.yaml")) return Optional.empty();
        int slash = p.indexOf('/');
        if (slash < 0) return Optional.empty();
        return Optional.ofNullable(switch (p.substring(0, slash)) {
            case "systems" -> "system";
            case "model" -> "entity";
            case "flows" -> "flow";
            case "syncs" -> "sync";
            case "processes" -> "process";
            case "dashboards" -> "dashboard";
            case "tests" -> "tests";
            default -> null;
        });
    }
}
