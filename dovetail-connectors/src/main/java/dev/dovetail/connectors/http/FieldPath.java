package dev.dovetail.connectors.http;

import java.util.List;
import java.util.Map;

/** Dot-separated paths into JSON-like values: {@code data.list}, {@code meta.next}, {@code items.0.id}; {@code .} is the value itself. */
final class FieldPath {

    private FieldPath() {}

    static Object get(Object root, String path) {
        if (path == null || path.isEmpty() || path.equals(".")) {
            return root;
        }
        var current = root;
        for (var step : path.split("\\.")) {
            current = switch (current) {
                case Map<?, ?> map -> map.get(step);
                case List<?> list when step.matches("\\d{1,9}") && Integer.parseInt(step) < list.size() ->
                        list.get(Integer.parseInt(step));
                case null, default -> null;
            };
            if (current == null) {
                return null;
            }
        }
        return current;
    }
}
