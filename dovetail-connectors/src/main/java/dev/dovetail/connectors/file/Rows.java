package dev.dovetail.connectors.file;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The rows of a request body: a list of objects, an object with a {@code rows} list, or a single object (one
 * row). Cells become text: numbers in plain decimal notation ({@code 3}, not {@code 3.0}; {@code 0.1}, not
 * {@code 1.0E-1}), booleans as {@code true}/{@code false}, {@code null} as an empty cell.
 *
 * @param rows the row objects
 * @param context the body's top-level values (for an object with {@code rows}), for the file name template
 */
record Rows(List<Map<String, Object>> rows, Map<String, Object> context) {

    /** @throws IllegalArgumentException when the body is not rows */
    @SuppressWarnings("unchecked")
    static Rows of(Object body) {
        if (body instanceof List<?> list) {
            return new Rows(objects(list, ""), Map.of());
        }
        if (body instanceof Map<?, ?> map) {
            if (map.get("rows") instanceof List<?> list) {
                var context = new LinkedHashMap<String, Object>((Map<String, Object>) map);
                context.remove("rows");
                return new Rows(objects(list, "rows"), context);
            }
            return new Rows(List.of((Map<String, Object>) map), Map.of());
        }
        throw new IllegalArgumentException("the body is " + describe(body)
                + "; a file is written from a list of rows, an object with a 'rows' list, or one object");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> objects(List<?> list, String where) {
        var rows = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> row)) {
                throw new IllegalArgumentException((where.isEmpty() ? "item " : where + " item ") + (i + 1) + " is "
                        + describe(list.get(i)) + ", not an object of column values");
            }
            rows.add((Map<String, Object>) row);
        }
        return rows;
    }

    /** The columns to write: the configured ones, else every key in first-seen order. */
    List<String> columns(List<String> configured) {
        if (!configured.isEmpty()) {
            return configured;
        }
        var keys = new LinkedHashSet<String>();
        rows.forEach(row -> keys.addAll(row.keySet()));
        return List.copyOf(keys);
    }

    /** The cells of every row under {@code columns}; a missing key is an empty cell. */
    List<List<String>> cells(List<String> columns) {
        var out = new ArrayList<List<String>>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            var row = rows.get(r);
            var cells = new ArrayList<String>(columns.size());
            for (var column : columns) {
                cells.add(text(row.get(column), "row " + (r + 1) + ", column '" + column + "'"));
            }
            out.add(cells);
        }
        return out;
    }

    /** A scalar as cell text. */
    static String text(Object value, String where) {
        return switch (value) {
            case null -> "";
            case String s -> s;
            case Boolean b -> b.toString();
            case BigDecimal d -> XlsxBook.plain(d);
            case BigInteger i -> i.toString();
            case Double d -> XlsxBook.plain(BigDecimal.valueOf(d));
            case Float f -> XlsxBook.plain(new BigDecimal(Float.toString(f)));
            case Number n -> Long.toString(n.longValue());
            default -> throw new IllegalArgumentException(where + " holds " + describe(value)
                    + "; a cell takes text, a number or a boolean");
        };
    }

    private static String describe(Object value) {
        return switch (value) {
            case null -> "null";
            case Map<?, ?> m -> "an object";
            case List<?> l -> "a list";
            case String s -> "a text";
            default -> "a " + value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
