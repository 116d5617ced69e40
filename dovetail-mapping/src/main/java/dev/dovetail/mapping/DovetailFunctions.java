package dev.dovetail.mapping;

import dev.dovetail.model.ValueMap;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The functions Dovetail registers on every expression: value maps, dates, money in minor units and
 * Chinese text normalisation. See docs/mapping.md for the contract of each.
 */
final class DovetailFunctions {
    private static final int MAX_CACHED_PATTERNS = 256;
    private static final Map<String, DateTimeFormatter> FORMATTERS = new ConcurrentHashMap<>();
    private static final Map<String, DateTimeFormatter> PARSERS = new ConcurrentHashMap<>();

    private final Map<String, ValueMap> valueMaps;
    private final ZoneId zone;

    DovetailFunctions(Map<String, ValueMap> valueMaps, ZoneId zone) {
        this.valueMaps = Map.copyOf(valueMaps);
        this.zone = zone;
    }

    /** A fresh set of the function objects (each knows its name, without the {@code $}). */
    List<DovetailFunction> all() {
        return List.of(
                new ValueMapFn(), new ValueMapFromFn(),
                new FormatDateFn(), new ParseDateFn(), new ConvertZoneFn(),
                new ToMinorFn(), new FromMinorFn(),
                new TextFn("halfWidth", DovetailFunctions::halfWidth),
                new TextFn("fullWidth", DovetailFunctions::fullWidth),
                new TextFn("trimAll", DovetailFunctions::trimAll));
    }

    // ---- value maps --------------------------------------------------------------------------------

    private final class ValueMapFn extends DovetailFunction {
        ValueMapFn() {
            super("valuemap", 2, 3, false, "<xxx?:x>", "$valuemap(name, value[, default])");
        }

        @Override
        Object apply(List<Object> args) {
            ValueMap map = valueMap(this, args.get(0));
            if (map.columns().size() < 2) {
                throw DovetailError.badArgument(name, "value map '" + map.name() + "' needs at least two columns, it has " + map.columns());
            }
            return lookup(this, map, map.columns().get(0), map.columns().get(1), args.get(1), args.size() > 2, args.size() > 2 ? args.get(2) : null, true);
        }
    }

    private final class ValueMapFromFn extends DovetailFunction {
        ValueMapFromFn() {
            super("valuemapFrom", 4, 5, false, "<xxxxx?:x>", "$valuemapFrom(name, fromColumn, toColumn, value[, default])");
        }

        @Override
        Object apply(List<Object> args) {
            ValueMap map = valueMap(this, args.get(0));
            String from = column(this, map, args.get(1), "fromColumn");
            String to = column(this, map, args.get(2), "toColumn");
            boolean tableDefault = map.columns().size() >= 2 && from.equals(map.columns().get(0)) && to.equals(map.columns().get(1));
            return lookup(this, map, from, to, args.get(3), args.size() > 4, args.size() > 4 ? args.get(4) : null, tableDefault);
        }
    }

    private ValueMap valueMap(DovetailFunction fn, Object name) {
        if (!(name instanceof String s)) {
            throw DovetailError.badArgument(fn.name, "the first argument must be the name of a value map (a string), got " + JsonValues.describe(name));
        }
        ValueMap map = valueMaps.get(s);
        if (map == null) {
            throw new DovetailError(Codes.VALUEMAP_UNKNOWN, "$" + fn.name + ": there is no value map '" + s
                    + "' (valuemaps/" + s + ".csv); known value maps: " + JsonValues.list(valueMaps.keySet().stream().sorted().toList()));
        }
        return map;
    }

    private static String column(DovetailFunction fn, ValueMap map, Object column, String what) {
        if (!(column instanceof String s)) {
            throw DovetailError.badArgument(fn.name, "the " + what + " must be a column name (a string), got " + JsonValues.describe(column));
        }
        if (!map.columns().contains(s)) {
            throw DovetailError.badArgument(fn.name, "value map '" + map.name() + "' has no column '" + s + "'; its columns are " + JsonValues.list(map.columns()));
        }
        return s;
    }

    private static Object lookup(DovetailFunction fn, ValueMap map, String from, String to, Object value,
                                 boolean hasDefault, Object explicitDefault, boolean tableDefaultApplies) {
        if (value == null) return null; // undefined in, undefined out (an absent field stays absent)
        String key = key(fn, value);
        var hit = map.lookup(key, from, to);
        if (hit.isPresent()) return hit.get();
        if (hasDefault) return explicitDefault;
        if (tableDefaultApplies && map.defaultValue().isPresent()) return map.defaultValue().get();
        throw new DovetailError(Codes.VALUEMAP_UNMAPPED, "$" + fn.name + ": value map '" + map.name() + "' (" + map.file()
                + ") has no row for " + JsonValues.quote(key) + " in column '" + from + "'"
                + (tableDefaultApplies ? " and no '*' default row" : "")
                + "; add a row, or give a default: $" + fn.name + "(" + (fn instanceof ValueMapFromFn
                        ? "'" + map.name() + "', '" + from + "', '" + to + "', value, 'DEFAULT'"
                        : "'" + map.name() + "', value, 'DEFAULT'") + ")");
    }

    /** Value maps hold text; numbers and booleans are looked up by their JSON text (12, 1.5, true). */
    private static String key(DovetailFunction fn, Object value) {
        if (value instanceof String s) return s;
        if (value instanceof Boolean) return value.toString();
        if (value instanceof Number n) {
            Number normal = JsonValues.normalizeNumber(n);
            return normal instanceof BigDecimal b ? b.toPlainString() : normal.toString();
        }
        throw DovetailError.badArgument(fn.name, "the value to look up must be a string, number or boolean, got " + JsonValues.describe(value));
    }

    // ---- dates -------------------------------------------------------------------------------------

    private final class FormatDateFn extends DovetailFunction {
        FormatDateFn() {
            super("formatDate", 2, 3, false, "<xxx?:x>", "$formatDate(isoDateTime, pattern[, zone])");
        }

        @Override
        Object apply(List<Object> args) {
            if (args.get(0) == null) return null;
            DateTimeFormatter formatter = formatter(this, args.get(1));
            ZonedDateTime value = readDateTime(this, args.get(0));
            if (args.size() > 2 && args.get(2) != null) value = value.withZoneSameInstant(zoneArgument(this, args.get(2)));
            try {
                return formatter.format(value);
            } catch (DateTimeException e) {
                throw DovetailError.badArgument(name, "cannot format " + value + " with pattern " + JsonValues.quote((String) args.get(1)) + ": " + e.getMessage());
            }
        }
    }

    private final class ParseDateFn extends DovetailFunction {
        ParseDateFn() {
            super("parseDate", 2, 3, false, "<xxx?:x>", "$parseDate(text, pattern[, zone])");
        }

        @Override
        Object apply(List<Object> args) {
            Object raw = args.get(0);
            if (raw == null) return null;
            String text;
            if (raw instanceof String s) {
                text = s.strip();
            } else if (raw instanceof Number n && JsonValues.normalizeNumber(n) instanceof Long l) {
                text = l.toString(); // legacy systems store 20261120 as a number
            } else {
                throw badArgument(name, "the text to read must be a string, got " + JsonValues.describe(raw));
            }
            String pattern = pattern(this, args.get(1));
            ZoneId fallback = args.size() > 2 && args.get(2) != null ? zoneArgument(this, args.get(2)) : zone;
            TemporalAccessor parsed;
            try {
                parsed = parser(this, pattern).parse(text);
            } catch (DateTimeParseException e) {
                throw DovetailError.badArgument(name, "cannot read " + JsonValues.quote(text) + " with pattern " + JsonValues.quote(pattern) + ": " + e.getMessage());
            }
            try {
                LocalDate date = parsed.query(TemporalQueries.localDate());
                if (date == null) {
                    if (!parsed.isSupported(ChronoField.YEAR)) {
                        throw DovetailError.badArgument(name, "pattern " + JsonValues.quote(pattern) + " has no year, so " + JsonValues.quote(text) + " is not a date");
                    }
                    date = LocalDate.of(parsed.get(ChronoField.YEAR),
                            parsed.isSupported(ChronoField.MONTH_OF_YEAR) ? parsed.get(ChronoField.MONTH_OF_YEAR) : 1, 1);
                }
                LocalTime time = parsed.query(TemporalQueries.localTime());
                if (time == null) {
                    time = LocalTime.of(field(parsed, ChronoField.HOUR_OF_DAY), field(parsed, ChronoField.MINUTE_OF_HOUR), field(parsed, ChronoField.SECOND_OF_MINUTE));
                }
                ZoneId own = parsed.query(TemporalQueries.zone());
                return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(ZonedDateTime.of(date, time, own != null ? own : fallback));
            } catch (DateTimeException e) {
                throw DovetailError.badArgument(name, "cannot read " + JsonValues.quote(text) + " with pattern " + JsonValues.quote(pattern) + ": " + e.getMessage());
            }
        }

        private static int field(TemporalAccessor parsed, ChronoField field) {
            return parsed.isSupported(field) ? parsed.get(field) : 0;
        }
    }

    private final class ConvertZoneFn extends DovetailFunction {
        ConvertZoneFn() {
            super("convertZone", 2, 2, false, "<xx:x>", "$convertZone(isoDateTime, zone)");
        }

        @Override
        Object apply(List<Object> args) {
            if (args.get(0) == null) return null;
            ZoneId target = zoneArgument(this, args.get(1));
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(readDateTime(this, args.get(0)).withZoneSameInstant(target));
        }
    }

    /**
     * Reads an ISO-8601 date-time with offset ({@code 2026-11-20T10:15:00+08:00}, {@code ...Z}), with
     * offset and region ({@code ...+08:00[Asia/Shanghai]}), without offset ({@code 2026-11-20T10:15:00},
     * taken in the workspace zone), a plain date (its start in the workspace zone) or epoch milliseconds.
     * The result keeps the value's own offset.
     */
    private ZonedDateTime readDateTime(DovetailFunction fn, Object value) {
        if (value instanceof Number n) {
            if (!(JsonValues.normalizeNumber(n) instanceof Long millis)) {
                throw DovetailError.badArgument(fn.name, "a number date must be whole milliseconds since 1970-01-01T00:00:00Z, got " + JsonValues.describe(value));
            }
            return Instant.ofEpochMilli(millis).atZone(zone);
        }
        if (!(value instanceof String text)) {
            throw DovetailError.badArgument(fn.name, "expects an ISO-8601 date-time string, got " + JsonValues.describe(value));
        }
        String s = text.strip();
        try {
            TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parse(s);
            LocalDateTime local = LocalDateTime.from(t);
            ZoneId own = t.query(TemporalQueries.zone());
            return ZonedDateTime.ofLocal(local, own != null ? own : zone, null);
        } catch (DateTimeException notDateTime) {
            try {
                return LocalDate.parse(s).atStartOfDay(zone);
            } catch (DateTimeException notDate) {
                throw DovetailError.badArgument(fn.name, JsonValues.quote(s) + " is not an ISO-8601 date or date-time (e.g. 2026-11-20T10:15:00+08:00 or 2026-11-20)");
            }
        }
    }

    private static ZoneId zoneArgument(DovetailFunction fn, Object value) {
        if (value instanceof String s) {
            try {
                return ZoneId.of(s.strip());
            } catch (DateTimeException e) {
                throw DovetailError.badArgument(fn.name, "unknown time zone " + JsonValues.quote(s) + "; use an IANA name such as Asia/Shanghai or an offset such as +08:00");
            }
        }
        throw DovetailError.badArgument(fn.name, "the zone must be a string such as 'Asia/Shanghai' or '+08:00', got " + JsonValues.describe(value));
    }

    private static String pattern(DovetailFunction fn, Object value) {
        if (value instanceof String s && !s.isEmpty()) return s;
        throw DovetailError.badArgument(fn.name, "the pattern must be a non-empty string such as 'yyyyMMdd', got " + JsonValues.describe(value));
    }

    private static DateTimeFormatter formatter(DovetailFunction fn, Object value) {
        String pattern = pattern(fn, value);
        return cached(FORMATTERS, pattern, fn, () -> DateTimeFormatter.ofPattern(pattern, Locale.ROOT));
    }

    /** Strict parsing ("20260230" is refused); 'y' is read as the proleptic year so strict mode needs no era. */
    private static DateTimeFormatter parser(DovetailFunction fn, String pattern) {
        return cached(PARSERS, pattern, fn, () -> DateTimeFormatter.ofPattern(yearOfEraToYear(pattern), Locale.ROOT).withResolverStyle(ResolverStyle.STRICT));
    }

    private static DateTimeFormatter cached(Map<String, DateTimeFormatter> cache, String pattern, DovetailFunction fn,
                                            java.util.function.Supplier<DateTimeFormatter> make) {
        DateTimeFormatter formatter = cache.get(pattern);
        if (formatter != null) return formatter;
        try {
            formatter = make.get();
        } catch (IllegalArgumentException e) {
            throw DovetailError.badArgument(fn.name, "invalid date pattern " + JsonValues.quote(pattern) + ": " + e.getMessage()
                    + " (patterns use java.time letters: yyyy MM dd HH mm ss SSS XXX; quote literal text with ')");
        }
        if (cache.size() < MAX_CACHED_PATTERNS) cache.put(pattern, formatter);
        return formatter;
    }

    private static String yearOfEraToYear(String pattern) {
        var sb = new StringBuilder(pattern.length());
        boolean quoted = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\'') quoted = !quoted;
            sb.append(!quoted && c == 'y' ? 'u' : c);
        }
        return sb.toString();
    }

    // ---- money -------------------------------------------------------------------------------------

    private static final class ToMinorFn extends DovetailFunction {
        ToMinorFn() {
            super("toMinor", 1, 2, false, "<xx?:x>", "$toMinor(amount[, digits])");
        }

        @Override
        Object apply(List<Object> args) {
            if (args.get(0) == null) return null;
            BigDecimal amount = decimal(this, args.get(0), "amount");
            int digits = digits(this, args);
            try {
                return JsonValues.integral(amount.movePointRight(digits).setScale(0, RoundingMode.HALF_UP).longValueExact());
            } catch (ArithmeticException e) {
                throw DovetailError.badArgument(name, JsonValues.render(args.get(0)) + " is too large for minor units");
            }
        }
    }

    private static final class FromMinorFn extends DovetailFunction {
        FromMinorFn() {
            super("fromMinor", 1, 2, false, "<xx?:x>", "$fromMinor(minorUnits[, digits])");
        }

        @Override
        Object apply(List<Object> args) {
            if (args.get(0) == null) return null;
            BigDecimal minor = decimal(this, args.get(0), "amount in minor units");
            if (minor.signum() != 0 && minor.stripTrailingZeros().scale() > 0) {
                throw DovetailError.badArgument(name, "expects a whole number of minor units (e.g. fen), got " + JsonValues.render(args.get(0)));
            }
            BigDecimal amount = minor.movePointLeft(digits(this, args));
            // JSONata computes with doubles; the engine turns the output back into an exact decimal.
            return amount.signum() == 0 || amount.stripTrailingZeros().scale() <= 0 ? JsonValues.integral(amount.longValue()) : (Object) amount.doubleValue();
        }
    }

    private static BigDecimal decimal(DovetailFunction fn, Object value, String what) {
        if (value instanceof Number n) {
            try {
                return JsonValues.toBigDecimal(n);
            } catch (NumberFormatException e) {
                throw DovetailError.badArgument(fn.name, "the " + what + " must be a finite number, got " + n);
            }
        }
        if (value instanceof String s) {
            try {
                return new BigDecimal(s.strip());
            } catch (NumberFormatException e) {
                throw DovetailError.badArgument(fn.name, "the " + what + " must be a number, got " + JsonValues.describe(value));
            }
        }
        throw DovetailError.badArgument(fn.name, "the " + what + " must be a number, got " + JsonValues.describe(value));
    }

    private static int digits(DovetailFunction fn, List<Object> args) {
        if (args.size() < 2 || args.get(1) == null) return 2;
        if (args.get(1) instanceof Number n && JsonValues.normalizeNumber(n) instanceof Long l && l >= 0 && l <= 18) return l.intValue();
        throw DovetailError.badArgument(fn.name, "digits must be a whole number from 0 to 18 (2 for fen/cents), got " + JsonValues.describe(args.get(1)));
    }

    // ---- Chinese text ------------------------------------------------------------------------------

    private static final class TextFn extends DovetailFunction {
        private final java.util.function.UnaryOperator<String> body;

        TextFn(String name, java.util.function.UnaryOperator<String> body) {
            super(name, 1, 1, true, "<x-:x>", "$" + name + "(text)");
            this.body = body;
        }

        @Override
        Object apply(List<Object> args) {
            Object value = args.get(0);
            if (value == null) return null;
            if (value instanceof String s) return body.apply(s);
            throw DovetailError.badArgument(name, "expects a string, got " + JsonValues.describe(value));
        }
    }

    /** Full-width ASCII forms (U+FF01–U+FF5E) and the ideographic space (U+3000) become ASCII. */
    static String halfWidth(String s) {
        var sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '\uFF01' && c <= '\uFF5E') sb.append((char) (c - 0xFEE0));
            else if (c == '\u3000') sb.append(' ');
            else sb.append(c);
        }
        return sb.toString();
    }

    /** Printable ASCII (U+0021–U+007E) becomes its full-width form; the space becomes U+3000. */
    static String fullWidth(String s) {
        var sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '!' && c <= '~') sb.append((char) (c + 0xFEE0));
            else if (c == ' ') sb.append('\u3000');
            else sb.append(c);
        }
        return sb.toString();
    }

    /** Removes leading and trailing blanks of every kind: ASCII whitespace, NBSP, ideographic space, zero-width characters. */
    static String trimAll(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isBlank(s.charAt(start))) start++;
        while (end > start && isBlank(s.charAt(end - 1))) end--;
        return s.substring(start, end);
    }

    private static boolean isBlank(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c)
                || c == '\u200B' || c == '\u200C' || c == '\u200D' || c == '\u2060' || c == '\uFEFF' || c == '\u180E';
    }

    private static DovetailError badArgument(String function, String text) {
        return DovetailError.badArgument(function, text);
    }
}
