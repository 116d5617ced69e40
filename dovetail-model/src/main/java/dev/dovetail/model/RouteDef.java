package dev.dovetail.model;

/**
 * {@code routes/<name>.camel.yaml}: the escape hatch, a plain Apache Camel YAML DSL file, loaded as written
 * (no placeholder interpolation: Camel has its own {@code {{...}}} and {@code ${...}} syntax).
 *
 * @param source the file's text
 */
public record RouteDef(String name, String file, String source) {}
