package dev.dovetail.model;

import static java.util.Objects.requireNonNull;

import java.util.Objects;

/**
 * A secret value named in a workspace file as {@code ${secret:name}}. {@link #toString()} shows only the
 * reference, never the value, so a secret does not leak into logs or error messages by accident; call
 * {@link #reveal()} where the value is really needed (to sign a request, to log in).
 */
public final class Secret {
    private final String name;
    private final String value;

    public Secret(String name, String value) {
        this.name = requireNonNull(name, "name");
        this.value = requireNonNull(value, "value");
    }

    /** The secret's name, e.g. {@code crm-client-secret}. */
    public String name() {
        return name;
    }

    /** The secret value itself. */
    public String reveal() {
        return value;
    }

    /** {@code ${secret:name}}: how the workspace refers to it. */
    public String reference() {
        return "${secret:" + name + "}";
    }

    @Override
    public String toString() {
        return reference();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.name.equals(name) && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, value);
    }
}
