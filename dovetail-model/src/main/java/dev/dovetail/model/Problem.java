package dev.dovetail.model;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong (or worth a warning) in a workspace, pinned to a place in a file.
 *
 * @param file     path relative to the workspace root, with forward slashes (e.g. {@code systems/crm.yaml})
 * @param line     1-based line, 0 when the problem concerns the whole file
 * @param column   1-based column, 0 when unknown
 * @param severity errors block loading; warnings do not
 * @param code     stable machine-readable code, e.g. {@code unknown-system}
 * @param message  what is wrong, naming the field
 * @param hint     how to fix it; may be empty
 */
public record Problem(String file, int line, int column, Severity severity, String code, String message, String hint) {
    public Problem {
        requireNonNull(file, "file");
        requireNonNull(severity, "severity");
        requireNonNull(code, "code");
        requireNonNull(message, "message");
        hint = hint == null ? "" : hint;
    }

    public static Problem error(String file, int line, int column, String code, String message, String hint) {
        return new Problem(file, line, column, Severity.ERROR, code, message, hint);
    }

    public static Problem warning(String file, int line, int column, String code, String message, String hint) {
        return new Problem(file, line, column, Severity.WARNING, code, message, hint);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code systems/crm.yaml:12:5: error: message (hint: ...)} — the format compilers use, so editors link it. */
    public String format() {
        var where = new StringBuilder(file);
        if (line > 0) {
            where.append(':').append(line);
            if (column > 0) where.append(':').append(column);
        }
        return where + ": " + severity.label() + " [" + code + "]: " + message + (hint.isEmpty() ? "" : "\n    hint: " + hint);
    }

    public enum Severity {
        ERROR, WARNING;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
