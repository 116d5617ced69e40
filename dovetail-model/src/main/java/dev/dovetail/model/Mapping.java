package dev.dovetail.model;

import static java.util.Objects.requireNonNull;

/**
 * A JSONata expression from {@code mappings/}. Its name is the path below {@code mappings/} without the
 * {@code .jsonata} extension, e.g. {@code crm/customer.in} for {@code mappings/crm/customer.in.jsonata}.
 *
 * @param file path relative to the workspace root
 */
public record Mapping(String name, String file, String expression) {
    public Mapping {
        requireNonNull(name, "name");
        requireNonNull(file, "file");
        requireNonNull(expression, "expression");
    }
}
