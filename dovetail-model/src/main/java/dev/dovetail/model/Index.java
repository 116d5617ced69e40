package dev.dovetail.model;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** What the workspace declares, as far as it could be read: the basis of cross-reference checks. */
final class Index {
    final Set<String> mappings = new TreeSet<>();
    final Set<String> valueMaps = new TreeSet<>();
    final Map<String, SystemInfo> systems = new TreeMap<>();
    final Map<String, EntityInfo> entities = new TreeMap<>();

    /** @param readable false when the file could not be parsed: references into it are not checked (no follow-on noise) */
    static final class SystemInfo {
        boolean readable;
        final Map<String, OperationInfo> operations = new LinkedHashMap<>();
        final Set<String> events = new LinkedHashSet<>();
    }

    record OperationInfo(String method, boolean idempotencyHeader) {}

    static final class EntityInfo {
        boolean readable;
        final Set<String> fields = new LinkedHashSet<>();
    }
}
