package dev.dovetail.sandbox.common;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A small persistent collection of JSON records keyed by one of their fields, kept in memory and
 * written through to {@code <name>.json} in a {@link StateDir} (atomically) on every change. Meant
 * for sandbox-sized data (thousands of records, not millions). Thread-safe; records handed in and
 * out are copies.
 */
public final class JsonTable {

    private final StateDir state;
    private final String file;
    private final String keyField;
    private final Map<String, Map<String, Object>> records = new LinkedHashMap<>();

    private JsonTable(StateDir state, String name, String keyField) {
        this.state = state;
        this.file = name + ".json";
        this.keyField = keyField;
        state.readJson(file).ifPresent(content -> {
            if (!(content instanceof List<?> list)) {
                throw new IllegalStateException(state.resolve(file) + " is not a JSON array");
            }
            for (Object item : list) {
                @SuppressWarnings("unchecked")
                Map<String, Object> record = (Map<String, Object>) item;
                records.put(String.valueOf(record.get(keyField)), record);
            }
        });
    }

    /** Opens the table {@code name} (file {@code <name>.json}), loading what an earlier run saved. */
    public static JsonTable open(StateDir state, String name, String keyField) {
        return new JsonTable(state, name, keyField);
    }

    public synchronized Optional<Map<String, Object>> get(String key) {
        Map<String, Object> record = records.get(key);
        return record == null ? Optional.empty() : Optional.of(Json.copy(record));
    }

    public synchronized boolean contains(String key) {
        return records.containsKey(key);
    }

    /** Inserts or replaces the record under the value of its key field. */
    public synchronized void put(Map<String, Object> record) {
        Object key = record.get(keyField);
        if (key == null) {
            throw new IllegalArgumentException("record has no " + keyField);
        }
        records.put(String.valueOf(key), Json.copy(record));
        save();
    }

    /**
     * Changes one record atomically: the function gets a copy and returns the new record (which
     * must keep the key). Empty when there is no such record.
     */
    public synchronized Optional<Map<String, Object>> update(String key, UnaryOperator<Map<String, Object>> change) {
        Map<String, Object> current = records.get(key);
        if (current == null) {
            return Optional.empty();
        }
        Map<String, Object> next = change.apply(Json.copy(current));
        if (!key.equals(String.valueOf(next.get(keyField)))) {
            throw new IllegalArgumentException("an update must not change " + keyField);
        }
        records.put(key, Json.copy(next));
        save();
        return Optional.of(Json.copy(next));
    }

    public synchronized boolean remove(String key) {
        boolean removed = records.remove(key) != null;
        if (removed) {
            save();
        }
        return removed;
    }

    /** Every record, in insertion order. */
    public synchronized List<Map<String, Object>> all() {
        return find(r -> true);
    }

    /** The records that match, in insertion order. */
    public synchronized List<Map<String, Object>> find(Predicate<Map<String, Object>> filter) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> record : records.values()) {
            if (filter.test(record)) {
                out.add(Json.copy(record));
            }
        }
        return out;
    }

    public synchronized int size() {
        return records.size();
    }

    public synchronized void clear() {
        records.clear();
        save();
    }

    private void save() {
        state.writeJson(file, new ArrayList<>(records.values()));
    }
}
