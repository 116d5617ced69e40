package dev.dovetail.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code model/<entity>.yaml}: a canonical entity, the shared data standard every system maps to and from.
 *
 * @param name     the entity name in PascalCase, e.g. {@code SalesOrder} (its file is {@code model/sales-order.yaml})
 * @param identity match rules: each inner list is a set of fields that together identify a record
 *                 ({@code [[taxId], [phone]]}: same tax id, or else same phone); field paths are dotted
 * @param schema   the JSON Schema (an object schema) as a JSON-like map
 */
public record EntityDef(String name, String file, String description, List<List<String>> identity, Map<String, Object> schema) {
    public EntityDef {
        description = description == null ? "" : description;
        identity = identity == null ? List.of() : identity.stream().map(List::copyOf).toList();
        schema = schema == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(schema));
    }

    /** Every field path the schema declares, dotted for nested objects ({@code address.city}) and array items. */
    public Set<String> fieldPaths() {
        return fieldPaths(schema);
    }

    static Set<String> fieldPaths(Map<String, Object> schema) {
        var out = new LinkedHashSet<String>();
        collect(schema, "", out, 0);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void collect(Object schema, String prefix, Set<String> out, int depth) {
        if (!(schema instanceof Map<?, ?> s) || depth > 32) return;
        if (s.get("items") instanceof Map<?, ?> items) collect(items, prefix, out, depth + 1);
        if (!(s.get("properties") instanceof Map<?, ?> props)) return;
        for (var e : ((Map<String, Object>) props).entrySet()) {
            var path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            out.add(path);
            collect(e.getValue(), path, out, depth + 1);
        }
    }

    /** {@code SalesOrder} → {@code sales-order}: the file name an entity lives in. */
    public static String fileNameOf(String entityName) {
        var out = new StringBuilder();
        for (int i = 0; i < entityName.length(); i++) {
            char c = entityName.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) out.append('-');
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static List<String> split(String path) {
        return new ArrayList<>(List.of(path.split("\\.")));
    }
}
