package dev.dovetail.model;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Durations ({@code 500ms 30s 5m 1h 2d}, combinations like {@code 1h30m}, or ISO-8601 {@code PT30S}), sizes and cron expressions. */
final class Units {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern DURATION = Pattern.compile("(\\d+(ms|s|m|h|d))+");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|mb|gb|kib|mib|gib)?");
    private static final Pattern CRON_FIELD = Pattern.compile("[0-9A-Za-z*?/,#LW-]+");

    static final String DURATION_HINT = "write a number with a unit: 500ms, 30s, 5m, 1h, 2d (or combined: 1h30m)";
    static final String SIZE_HINT = "write a number of bytes with an optional unit: 512KB, 1MB, 2GB (1KB = 1024 bytes)";
    static final String CRON_HINT = "a cron expression has 5 fields (minute hour day month weekday) or 6 (with seconds first), e.g. \"0 */5 * * * *\"";

    private Units() {}

    /** Null when the text is not a duration. */
    static Duration duration(String text) {
        var t = text.strip();
        if (DURATION.matcher(t).matches()) {
            var total = Duration.ZERO;
            var m = DURATION_PART.matcher(t);
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
            }
            return total;
        }
        if (t.startsWith("P") || t.startsWith("p")) {
            try {
                return Duration.parse(t);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    /** Bytes, or null when the text is not a size. */
    static Long size(String text) {
        var m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) return null;
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return null;
        }
        long factor = switch (m.group(2) == null ? "b" : m.group(2)) {
            case "kb", "kib" -> 1024L;
            case "mb", "mib" -> 1024L * 1024;
            case "gb", "gib" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        try {
            return Math.multiplyExact(n, factor);
        } catch (ArithmeticException e) {
            return null;
        }
    }

    /** A light shape check: 5 or 6 fields of cron characters, or a macro such as {@code @hourly}. */
    static boolean cron(String text) {
        var t = text.strip();
        if (t.matches("@(yearly|annually|monthly|weekly|daily|midnight|hourly)")) return true;
        var fields = t.split("\\s+");
        if (fields.length < 5 || fields.length > 6) return false;
        for (var f : fields) {
            if (!CRON_FIELD.matcher(f).matches()) return false;
        }
        return true;
    }
}
