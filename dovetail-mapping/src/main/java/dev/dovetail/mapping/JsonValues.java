package dev.dovetail.mapping;

import com.dashjoin.jsonata.Jsonata;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * JSON-like values (Map, List, String, Number, Boolean, null): conversion into and out of jsonata-java,
 * number normalisation, equality, rendering and differences.
 */
final class JsonValues {
    /** Inputs nested deeper than this are refused rather than risking a stack overflow. */
    static final int MAX_INPUT_NESTING = 1000;
    private static final double EXACT_INTEGERS = 9_007_199_254_740_992d; // 2^53
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    private JsonValues() {}

    /** A value is not JSON-like; {@code path} says where. */
    static final class NotJson extends Exception {
        private static final long serialVersionUID = 1L;
        final String path;

        NotJson(String path, String message) {
            super(message);
            this.path = path;
        }
    }

    // ---- into jsonata-java -------------------------------------------------------------------------

    /**
     * A deep copy of {@code value} in the shapes jsonata-java computes with: LinkedHashMap, ArrayList,
     * String, Boolean, null, and numbers as its own JSON parser makes them (Integer when integral and in
     * int range, Long when integral and in long range, else Double). Mixing other number types
     * (BigDecimal, Long for small values) breaks some of its functions, e.g. {@code $sort}.
     */
    static Object toJsonata(Object value) throws NotJson {
        return toJsonata(value, "$", 0);
    }

    private static Object toJsonata(Object value, String path, int depth) throws NotJson {
        if (depth > MAX_INPUT_NESTING) throw new NotJson(path, "input nests deeper than " + MAX_INPUT_NESTING + " levels (or contains a cycle)");
        if (value == null || value instanceof String || value instanceof Boolean) return value;
        if (value == Jsonata.NULL_VALUE) return null;
        if (value instanceof Number n) return numberToJsonata(n, path);
        if (value instanceof CharSequence || value instanceof Character) return value.toString();
        if (value instanceof Map<?, ?> map) {
            var copy = new LinkedHashMap<String, Object>(Math.max(4, map.size() * 2));
            for (var e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                copy.put(key, toJsonata(e.getValue(), child(path, key), depth + 1));
            }
            return copy;
        }
        if (value instanceof Collection<?> list) {
            var copy = new ArrayList<Object>(list.size());
            int i = 0;
            for (Object item : list) copy.add(toJsonata(item, path + "[" + i++ + "]", depth + 1));
            return copy;
        }
        if (value instanceof Object[] array) return toJsonata(List.of(array), path, depth);
        throw new NotJson(path, "input is not JSON-like at " + path + ": a " + value.getClass().getName());
    }

    private static Object numberToJsonata(Number n, String path) throws NotJson {
        if (n instanceof Integer) return n;
        if (n instanceof Long || n instanceof Short || n instanceof Byte) return integral(n.longValue());
        if (n instanceof Double || n instanceof Float) {
            // Float via its decimal text, so 0.1f becomes 0.1 rather than 0.10000000149011612.
            double d = n instanceof Float ? Double.parseDouble(n.toString()) : n.doubleValue();
            if (!Double.isFinite(d)) throw new NotJson(path, "input has a number that is not finite at " + path + ": " + d);
            return Math.rint(d) == d && Math.abs(d) <= EXACT_INTEGERS ? integral((long) d) : d;
        }
        BigDecimal decimal;
        try {
            decimal = n instanceof BigDecimal b ? b : n instanceof BigInteger b ? new BigDecimal(b) : new BigDecimal(n.toString());
        } catch (NumberFormatException e) {
            throw new NotJson(path, "input has a number that is not finite at " + path + ": " + n);
        }
        if (isIntegral(decimal) && decimal.compareTo(LONG_MIN) >= 0 && decimal.compareTo(LONG_MAX) <= 0) return integral(decimal.longValueExact());
        double d = decimal.doubleValue();
        if (!Double.isFinite(d)) throw new NotJson(path, "input has a number too large for JSONata at " + path + ": " + n);
        return d;
    }

    /** A whole number as jsonata-java's parser makes it: Integer when it fits, else Long. */
    static Object integral(long value) {
        return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE ? (Object) (int) value : (Object) value;
    }

    // ---- out of jsonata-java -----------------------------------------------------------------------

    /** A deep copy of a JSONata result as plain JSON-like values with normalised numbers (see {@link MappingResult.Success}). */
    static Object fromJsonata(Object value) throws NotJson {
        return fromJsonata(value, "$");
    }

    private static Object fromJsonata(Object value, String path) throws NotJson {
        if (value == null || value == Jsonata.NULL_VALUE) return null;
        if (value instanceof String || value instanceof Boolean) return value;
        if (value instanceof Number n) {
            if (n instanceof Double d && !Double.isFinite(d) || n instanceof Float f && !Float.isFinite(f)) {
                throw new NotJson(path, "the result has a number that is not finite at " + path + ": " + n);
            }
            return normalizeNumber(n);
        }
        if (value instanceof Map<?, ?> map) {
            var copy = new LinkedHashMap<String, Object>(Math.max(4, map.size() * 2));
            for (var e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                copy.put(key, fromJsonata(e.getValue(), child(path, key)));
            }
            return copy;
        }
        if (value instanceof List<?> list) {
            var copy = new ArrayList<Object>(list.size());
            int i = 0;
            for (Object item : list) copy.add(fromJsonata(item, path + "[" + i++ + "]"));
            return copy;
        }
        if (value instanceof Jsonata.JFunction || value.getClass().getName().startsWith("com.dashjoin.jsonata.Parser")) {
            throw new NotJson(path, "the result contains a function at " + path + "; call it, or leave it out of the output");
        }
        throw new NotJson(path, "the result is not JSON-like at " + path + ": a " + value.getClass().getName());
    }

    /**
     * Long when the number has no fractional part and fits in a long; otherwise BigDecimal without
     * trailing zeros. Doubles go through their shortest decimal form, so 100.5 stays 100.5.
     */
    static Number normalizeNumber(Number n) {
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) return n.longValue();
        BigDecimal decimal = toBigDecimal(n);
        if (isIntegral(decimal) && decimal.compareTo(LONG_MIN) >= 0 && decimal.compareTo(LONG_MAX) <= 0) return decimal.longValueExact();
        return decimal.signum() == 0 ? BigDecimal.ZERO : decimal.stripTrailingZeros();
    }

    /** The decimal value of a number; doubles by their shortest representation ({@code 0.285 -> 0.285}). */
    static BigDecimal toBigDecimal(Number n) {
        if (n instanceof BigDecimal b) return b;
        if (n instanceof BigInteger b) return new BigDecimal(b);
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) return BigDecimal.valueOf(n.longValue());
        if (n instanceof Float f) return new BigDecimal(f.toString());
        double d = n.doubleValue();
        if (!Double.isFinite(d)) throw new NumberFormatException("not a finite number: " + d);
        return BigDecimal.valueOf(d);
    }

    private static boolean isIntegral(BigDecimal d) {
        return d.signum() == 0 || d.scale() <= 0 || d.stripTrailingZeros().scale() <= 0;
    }

    // ---- equality and differences ------------------------------------------------------------------

    /** JSON equality: numbers by value (1 == 1.0), maps regardless of key order, lists in order. */
    static boolean jsonEquals(Object a, Object b) {
        var out = new ArrayList<Difference>();
        diff("$", a, b, out, 1);
        return out.isEmpty();
    }

    /** Every difference between an expected and an actual value, by JSON path. */
    static List<Difference> diff(Object expected, Object actual) {
        var out = new ArrayList<Difference>();
        diff("$", expected, actual, out, Integer.MAX_VALUE);
        return out;
    }

    private static void diff(String path, Object expected, Object actual, List<Difference> out, int max) {
        if (out.size() >= max) return;
        if (expected instanceof Map<?, ?> e && actual instanceof Map<?, ?> a) {
            var expectedKeys = keys(e);
            var actualKeys = keys(a);
            for (var entry : expectedKeys.entrySet()) {
                String key = entry.getKey();
                if (!actualKeys.containsKey(key)) {
                    out.add(new Difference(child(path, key), Difference.Kind.MISSING, entry.getValue(), null));
                } else {
                    diff(child(path, key), entry.getValue(), actualKeys.get(key), out, max);
                }
            }
            for (var entry : actualKeys.entrySet()) {
                if (!expectedKeys.containsKey(entry.getKey())) {
                    out.add(new Difference(child(path, entry.getKey()), Difference.Kind.UNEXPECTED, null, entry.getValue()));
                }
            }
            return;
        }
        if (expected instanceof List<?> e && actual instanceof List<?> a) {
            int common = Math.min(e.size(), a.size());
            for (int i = 0; i < common; i++) diff(path + "[" + i + "]", e.get(i), a.get(i), out, max);
            for (int i = common; i < e.size(); i++) out.add(new Difference(path + "[" + i + "]", Difference.Kind.MISSING, e.get(i), null));
            for (int i = common; i < a.size(); i++) out.add(new Difference(path + "[" + i + "]", Difference.Kind.UNEXPECTED, null, a.get(i)));
            return;
        }
        if (!scalarEquals(expected, actual)) out.add(new Difference(path, Difference.Kind.CHANGED, expected, actual));
    }

    private static Map<String, Object> keys(Map<?, ?> map) {
        var keys = new LinkedHashMap<String, Object>();
        for (var e : map.entrySet()) keys.put(String.valueOf(e.getKey()), e.getValue());
        return keys;
    }

    private static boolean scalarEquals(Object expected, Object actual) {
        if (expected == Jsonata.NULL_VALUE) expected = null;
        if (actual == Jsonata.NULL_VALUE) actual = null;
        if (expected instanceof Number e && actual instanceof Number a) {
            try {
                return toBigDecimal(e).compareTo(toBigDecimal(a)) == 0;
            } catch (NumberFormatException nonFinite) {
                return e.doubleValue() == a.doubleValue() || Double.isNaN(e.doubleValue()) && Double.isNaN(a.doubleValue());
            }
        }
        if (expected instanceof Map || expected instanceof List || actual instanceof Map || actual instanceof List) return false;
        return Objects.equals(expected, actual);
    }

    static String child(String path, String key) {
        return IDENTIFIER.matcher(key).matches() ? path + "." + key : path + "[" + quote(key) + "]";
    }

    // ---- rendering ---------------------------------------------------------------------------------

    /** Compact JSON text, cut to about {@code limit} characters with an ellipsis. */
    static String render(Object value, int limit) {
        var sb = new StringBuilder();
        render(value, sb, limit);
        if (sb.length() > limit) {
            sb.setLength(limit);
            sb.append('…');
        }
        return sb.toString();
    }

    static String render(Object value) {
        return render(value, Integer.MAX_VALUE - 1);
    }

    private static void render(Object value, StringBuilder sb, int limit) {
        if (sb.length() > limit) return;
        if (value == null || value == Jsonata.NULL_VALUE) {
            sb.append("null");
        } else if (value instanceof String s) {
            sb.append(quote(s));
        } else if (value instanceof Number n) {
            sb.append(numberText(n));
        } else if (value instanceof Boolean) {
            sb.append(value);
        } else if (value instanceof Map<?, ?> map) {
            sb.append('{');
            boolean first = true;
            for (var e : map.entrySet()) {
                if (!first) sb.append(',');
                first = false;
                sb.append(quote(String.valueOf(e.getKey()))).append(':');
                render(e.getValue(), sb, limit);
                if (sb.length() > limit) return;
            }
            sb.append('}');
        } else if (value instanceof Collection<?> list) {
            sb.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) sb.append(',');
                first = false;
                render(item, sb, limit);
                if (sb.length() > limit) return;
            }
            sb.append(']');
        } else {
            sb.append(quote(String.valueOf(value)));
        }
    }

    private static String numberText(Number n) {
        if (n instanceof Double d && !Double.isFinite(d) || n instanceof Float f && !Float.isFinite(f)) return n.toString();
        Number normal = normalizeNumber(n);
        return normal instanceof BigDecimal b ? b.toPlainString() : normal.toString();
    }

    static String quote(String s) {
        var sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    /** A short description of a value for error messages: its JSON type and text, e.g. {@code number 12}. */
    static String describe(Object value) {
        String type;
        if (value == null) return "null";
        else if (value instanceof String) type = "string";
        else if (value instanceof Number) type = "number";
        else if (value instanceof Boolean) type = "boolean";
        else if (value instanceof Map) type = "object";
        else if (value instanceof List) type = "array";
        else if (value instanceof Jsonata.JFunction || value.getClass().getName().startsWith("com.dashjoin.jsonata.Parser")) return "a function";
        else type = value.getClass().getSimpleName();
        return type + " " + render(value, 60);
    }

    /** Distinct strings in order, for "known: a, b, c" lists. */
    static String list(Collection<String> names) {
        var set = new LinkedHashSet<>(names);
        return set.isEmpty() ? "none" : String.join(", ", set);
    }
}
