package dev.dovetail.model;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where {@code ${NAME:default}} and {@code ${secret:name}} placeholders in workspace files get their
 * values. Secrets are resolved from environment variables ({@code DOVETAIL_SECRET_<NAME>}, upper case,
 * dashes and dots as underscores) or an encrypted local secret store.
 */
public interface Environment {
    Optional<String> variable(String name);

    Optional<String> secret(String name);

    /**
     * Whether a secret without a value is an error (the default, and always so for a running hub) or only a
     * warning, for checking a workspace where its secrets are not available ({@code dovetail validate}).
     */
    default boolean requiresSecrets() {
        return true;
    }

    /** This environment, but a missing secret value is only a warning. */
    default Environment withOptionalSecrets() {
        var self = this;
        return new Environment() {
            @Override
            public Optional<String> variable(String name) {
                return self.variable(name);
            }

            @Override
            public Optional<String> secret(String name) {
                return self.secret(name);
            }

            @Override
            public boolean requiresSecrets() {
                return false;
            }
        };
    }

    /** The process environment, with secrets from {@code DOVETAIL_SECRET_*} variables and then the given store. */
    static Environment of(Map<String, String> variables, Function<String, Optional<String>> secretStore) {
        return new Environment() {
            @Override
            public Optional<String> variable(String name) {
                return Optional.ofNullable(variables.get(name));
            }

            @Override
            public Optional<String> secret(String name) {
                var fromEnv = variables.get(secretVariableName(name));
                return fromEnv != null ? Optional.of(fromEnv) : secretStore.apply(name);
            }
        };
    }

    static Environment of(Map<String, String> variables) {
        return of(variables, name -> Optional.empty());
    }

    /** {@code crm-client.secret} → {@code DOVETAIL_SECRET_CRM_CLIENT_SECRET}. */
    static String secretVariableName(String secretName) {
        return "DOVETAIL_SECRET_" + secretName.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
