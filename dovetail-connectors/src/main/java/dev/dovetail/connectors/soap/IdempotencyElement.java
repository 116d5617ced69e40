package dev.dovetail.connectors.soap;

import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts the call's idempotency key into the request content at the element path an operation declares
 * ({@code options.idempotencyElement: idempotencyKey}, or {@code header.requestId} for a nested element). A value
 * the mapping already gave is replaced in place; a missing element is inserted where the schema's sequence
 * declares it (so strict servers accept the order), or first when the schema does not say.
 */
final class IdempotencyElement {

    private IdempotencyElement() {}

    /** A copy of {@code content} with the key in place; {@code content} itself is not changed. */
    static Map<String, Object> place(Map<String, ?> content, List<String> path, String key, Wsdl.Shape shape) {
        return place(content, path, 0, key, shape);
    }

    private static Map<String, Object> place(Map<String, ?> content, List<String> path, int index, String key, Wsdl.Shape shape) {
        var copy = new LinkedHashMap<String, Object>(content);
        var name = path.get(index);
        if (index == path.size() - 1) {
            put(copy, name, key, shape);
            return copy;
        }
        var existing = copy.get(name);
        Map<String, ?> inner;
        if (existing == null) {
            inner = Map.of();
        } else if (existing instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            var typed = (Map<String, ?>) map;
            inner = typed;
        } else {
            throw new InvalidRequest("options.idempotencyElement '" + String.join(".", path) + "' passes through '" + name
                    + "', which in this request is " + (existing instanceof List ? "a repeated element" : "a text") + ", not one element");
        }
        put(copy, name, place(inner, path, index + 1, key, shape.child(name)), shape);
        return copy;
    }

    private static void put(LinkedHashMap<String, Object> map, String name, Object value, Wsdl.Shape shape) {
        if (map.containsKey(name)) {
            map.put(name, value);
            return;
        }
        var order = shape.children();
        var declared = order.indexOf(name);
        var entries = map.entrySet().stream().map(e -> new AbstractMap.SimpleEntry<String, Object>(e)).toList();
        map.clear();
        var placed = false;
        if (declared < 0) {
            map.put(name, value);
            placed = true;
        }
        for (var entry : entries) {
            if (!placed && order.indexOf(entry.getKey()) > declared) {
                map.put(name, value);
                placed = true;
            }
            map.put(entry.getKey(), entry.getValue());
        }
        if (!placed) {
            map.put(name, value);
        }
    }
}
