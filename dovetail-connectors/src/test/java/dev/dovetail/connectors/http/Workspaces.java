package dev.dovetail.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.model.Environment;
import dev.dovetail.model.ExpressionSyntax;
import dev.dovetail.model.Problem;
import dev.dovetail.model.Workspace;
import dev.dovetail.model.WorkspaceLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Workspaces loaded by the real loader for converter tests: the showcase, or a one-system workspace written on the spot. */
final class Workspaces {
    static final Path SHOWCASE = Path.of("..", "examples", "showcase");
    static final Map<String, String> SHOWCASE_SECRETS = Map.of(
            "DOVETAIL_SECRET_CRM_CLIENT_SECRET", "crm-secret-for-tests",
            "DOVETAIL_SECRET_CRM_WEBHOOK_SECRET", "webhook-secret-for-tests",
            "DOVETAIL_SECRET_ERP_PASSWORD", "erp-password-for-tests");

    private Workspaces() {}

    /** The showcase with its test secrets and the given extra environment (e.g. {@code CRM_URL}). */
    static Workspace showcase(Map<String, String> environment) {
        var env = new HashMap<>(SHOWCASE_SECRETS);
        env.putAll(environment);
        return load(SHOWCASE, env);
    }

    /** A workspace in {@code root} with one system file {@code systems/<name>.yaml}. */
    static Workspace withSystem(Path root, String name, String systemYaml, Map<String, String> environment) {
        try {
            Files.writeString(root.resolve("dovetail.yaml"), "name: wiring\n");
            Files.createDirectories(root.resolve("systems"));
            Files.writeString(root.resolve("systems/" + name + ".yaml"), systemYaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return load(root, environment);
    }

    private static Workspace load(Path root, Map<String, String> environment) {
        var load = new WorkspaceLoader(Environment.of(environment), ExpressionSyntax.ANY).load(root);
        assertThat(load.report().errors()).extracting(Problem::format).isEmpty();
        return load.workspace().orElseThrow();
    }
}
