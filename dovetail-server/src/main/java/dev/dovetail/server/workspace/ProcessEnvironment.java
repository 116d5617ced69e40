package dev.dovetail.server.workspace;

import dev.dovetail.model.Environment;
import java.util.Optional;

/**
 * Where the served workspace's {@code ${NAME}} placeholders and {@code DOVETAIL_SECRET_*} secrets come from: a
 * Java system property of that name ({@code -DERP_URL=...}), else the environment variable. Read at each
 * (re)load.
 */
final class ProcessEnvironment implements Environment {

    @Override
    public Optional<String> variable(String name) {
        String property = System.getProperty(name);
        return property != null ? Optional.of(property) : Optional.ofNullable(System.getenv(name));
    }

    @Override
    public Optional<String> secret(String name) {
        return variable(Environment.secretVariableName(name));
    }
}
