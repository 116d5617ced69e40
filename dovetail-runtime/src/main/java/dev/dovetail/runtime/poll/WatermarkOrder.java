package dev.dovetail.runtime.poll;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Comparator;

/**
 * Orders watermark values: numbers by value, ISO-8601 date-times with an offset by instant, anything
 * else (e.g. local date-times of one fixed format, sequence texts) by text.
 */
final class WatermarkOrder implements Comparator<String> {
    static final WatermarkOrder INSTANCE = new WatermarkOrder();

    private WatermarkOrder() {}

    @Override
    public int compare(String a, String b) {
        BigDecimal na = number(a);
        BigDecimal nb = number(b);
        if (na != null && nb != null) {
            return na.compareTo(nb);
        }
        Instant ia = instant(a);
        Instant ib = instant(b);
        if (ia != null && ib != null) {
            return ia.compareTo(ib);
        }
        return a.compareTo(b);
    }

    /** The higher of two values; {@code null} counts as lowest. */
    static String max(String a, String b) {
        if (a == null) return b;
        if (b == null) return a;
        return INSTANCE.compare(a, b) >= 0 ? a : b;
    }

    private static BigDecimal number(String text) {
        if (text.isEmpty() || text.length() > 60) return null;
        char first = text.charAt(0);
        if (!(first == '-' || first == '+' || first == '.' || Character.isDigit(first))) return null;
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant instant(String text) {
        if (text.length() < 20 || !Character.isDigit(text.charAt(0))) return null;
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
