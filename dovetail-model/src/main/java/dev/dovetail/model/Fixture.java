package dev.dovetail.model;

import static java.util.Objects.requireNonNull;

/**
 * One example from {@code tests/*.yaml}: a mapping, an input and the output it must give.
 * Input and expected are JSON-like values: {@code Map<String,Object>}, {@code List<Object>}, String,
 * Number, Boolean or null.
 *
 * @param file path relative to the workspace root, @param line where the fixture starts
 */
public record Fixture(String name, String file, int line, String mapping, Object input, Object expected) {
    public Fixture {
        requireNonNull(name, "name");
        requireNonNull(file, "file");
        requireNonNull(mapping, "mapping");
    }
}
