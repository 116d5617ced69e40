package dev.dovetail.sandbox.crm;

import dev.dovetail.sandbox.common.HttpProblem;
import dev.dovetail.sandbox.common.Json;
import dev.dovetail.sandbox.common.JsonTable;
import dev.dovetail.sandbox.common.Request;
import dev.dovetail.sandbox.common.StateDir;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * The CRM's records: create, change, read and page through them; every change stamps
 * {@code updatedAt} (strictly increasing, millisecond ISO-8601 UTC) and {@code version}, and
 * announces events ({@code <kind>.created}, {@code <kind>.updated}, {@code opportunity.won},
 * {@code opportunity.lost}) to a listener.
 */
final class CrmRecords {

    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final Map<Kind, JsonTable> tables = new EnumMap<>(Kind.class);
    private final Clock clock;
    private final BiConsumer<String, Map<String, Object>> events;
    private long lastStamp;

    CrmRecords(StateDir state, Clock clock, BiConsumer<String, Map<String, Object>> events) {
        this.clock = clock;
        this.events = events;
        for (Kind kind : Kind.values()) {
            JsonTable table = JsonTable.open(state, kind.path, "id");
            tables.put(kind, table);
            for (Map<String, Object> r : table.all()) {
                lastStamp = Math.max(lastStamp, Instant.parse((String) r.get("updatedAt")).toEpochMilli());
            }
        }
    }

    synchronized Map<String, Object> get(Kind kind, String id) {
        return tables.get(kind).get(id).orElseThrow(() -> HttpProblem.notFound("no " + kind.event + " " + id));
    }

    boolean exists(Kind kind, String id) {
        return tables.get(kind).contains(id);
    }

    /** Creates a record; an {@code id} in the body is used when it has the kind's shape and is free. */
    synchronized Map<String, Object> create(Kind kind, Map<String, Object> body, boolean announce) {
        Map<String, Object> fields = new LinkedHashMap<>(body);
        Object givenId = fields.remove("id");
        if (givenId != null && !(givenId instanceof String)) {
            throw RecordRules.invalid("id", "must be a string like " + kind.id(1));
        }
        String id = (String) givenId;
        fields.keySet().removeAll(RecordRules.READ_ONLY);
        JsonTable table = tables.get(kind);
        if (id == null) {
            id = kind.id(nextNumber(kind));
        } else if (kind.number(id) < 0) {
            throw RecordRules.invalid("id", "must look like " + kind.id(1));
        } else if (table.contains(id)) {
            throw new HttpProblem(409, "conflict", kind.event + " " + id + " already exists");
        }
        defaults(kind, fields);
        RecordRules.check(kind, fields, this::accountExists);
        uniqueSku(kind, id, fields);
        String now = stamp();
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", id);
        record.putAll(fields);
        record.put("createdAt", now);
        record.put("updatedAt", now);
        record.put("version", 1);
        table.put(record);
        if (announce) {
            events.accept(kind.event + ".created", record);
            stageEvents(kind, null, record);
        }
        return record;
    }

    /**
     * Merges top-level fields into a record ({@code null} removes a field; nested objects are
     * replaced whole). A change that changes nothing stamps nothing and announces nothing.
     */
    synchronized Map<String, Object> update(Kind kind, String id, Map<String, Object> patch) {
        Map<String, Object> current = get(kind, id);
        if (patch.containsKey("id") && !Objects.equals(patch.get("id"), id)) {
            throw RecordRules.invalid("id", "cannot be changed");
        }
        Map<String, Object> next = new LinkedHashMap<>(current);
        patch.forEach((field, value) -> {
            if (!RecordRules.READ_ONLY.contains(field)) {
                if (value == null) {
                    next.remove(field);
                } else {
                    next.put(field, value);
                }
            }
        });
        Map<String, Object> fields = new LinkedHashMap<>(next);
        fields.keySet().removeAll(RecordRules.READ_ONLY);
        RecordRules.check(kind, fields, this::accountExists);
        uniqueSku(kind, id, fields);
        if (Json.write(next).equals(Json.write(current))) {
            return current;
        }
        next.put("updatedAt", stamp());
        next.put("version", ((Number) current.get("version")).longValue() + 1);
        // same field order as on create: id, fields, stamps
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", id);
        fields.forEach(record::put);
        record.put("createdAt", current.get("createdAt"));
        record.put("updatedAt", next.get("updatedAt"));
        record.put("version", next.get("version"));
        tables.get(kind).put(record);
        events.accept(kind.event + ".updated", record);
        stageEvents(kind, current, record);
        return record;
    }

    /** A page of records ordered by (updatedAt, id), with the filters of the request. */
    Map<String, Object> list(Kind kind, Request request) {
        int limit = request.intParam("limit", 20, 1, 100);
        String since = request.queryParam("updatedSince").map(CrmRecords::normaliseSince).orElse(null);
        String[] after = request.queryParam("cursor").filter(c -> !c.isBlank()).map(CrmRecords::decodeCursor).orElse(null);
        Map<String, String> filters = new LinkedHashMap<>();
        for (String field : List.of("accountId", "stage", "sku", "currency")) {
            request.queryParam(field).ifPresent(v -> filters.put(field, v));
        }
        Predicate<Map<String, Object>> match = r -> {
            String updated = (String) r.get("updatedAt");
            if (since != null && updated.compareTo(since) < 0) {
                return false;
            }
            if (after != null) {
                int c = updated.compareTo(after[0]);
                if (c < 0 || (c == 0 && ((String) r.get("id")).compareTo(after[1]) <= 0)) {
                    return false;
                }
            }
            return filters.entrySet().stream().allMatch(f -> f.getValue().equals(String.valueOf(r.get(f.getKey()))));
        };
        List<Map<String, Object>> found = new ArrayList<>(tables.get(kind).find(match));
        found.sort(Comparator.comparing((Map<String, Object> r) -> (String) r.get("updatedAt"))
                .thenComparing(r -> (String) r.get("id")));
        List<Map<String, Object>> page = found.subList(0, Math.min(limit, found.size()));
        String nextCursor = null;
        if (found.size() > limit) {
            Map<String, Object> last = page.getLast();
            nextCursor = encodeCursor((String) last.get("updatedAt"), (String) last.get("id"));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("data", page);
        answer.put("nextCursor", nextCursor);
        return answer;
    }

    /** Every record of a kind, most recently updated first (for the page). */
    List<Map<String, Object>> latest(Kind kind, int max) {
        List<Map<String, Object>> all = new ArrayList<>(tables.get(kind).all());
        all.sort(Comparator.comparing((Map<String, Object> r) -> (String) r.get("updatedAt")).reversed());
        return all.subList(0, Math.min(max, all.size()));
    }

    int count(Kind kind) {
        return tables.get(kind).size();
    }

    /** Writes a record as given (seed data): stamps it, announces nothing. */
    synchronized void put(Kind kind, Map<String, Object> fields) {
        Map<String, Object> body = new LinkedHashMap<>(fields);
        String id = (String) body.get("id");
        tables.get(kind).remove(id);
        create(kind, body, false);
    }

    synchronized void clear() {
        tables.values().forEach(JsonTable::clear);
    }

    private void stageEvents(Kind kind, Map<String, Object> before, Map<String, Object> after) {
        if (kind != Kind.OPPORTUNITIES) {
            return;
        }
        Object old = before == null ? null : before.get("stage");
        Object stage = after.get("stage");
        if ("Closed Won".equals(stage) && !"Closed Won".equals(old)) {
            events.accept("opportunity.won", after);
        } else if ("Closed Lost".equals(stage) && !"Closed Lost".equals(old)) {
            events.accept("opportunity.lost", after);
        }
    }

    private void defaults(Kind kind, Map<String, Object> fields) {
        switch (kind) {
            case OPPORTUNITIES -> {
                fields.putIfAbsent("stage", "Prospecting");
                fields.putIfAbsent("currency", "CNY");
                if (!fields.containsKey("amount") && fields.get("lines") instanceof List<?> lines) {
                    BigDecimal sum = BigDecimal.ZERO;
                    for (Object line : lines) {
                        if (line instanceof Map<?, ?> l && l.get("qty") instanceof Number q && l.get("unitPrice") instanceof Number p) {
                            sum = sum.add(new BigDecimal(q.toString()).multiply(new BigDecimal(p.toString())));
                        }
                    }
                    fields.put("amount", sum);
                }
            }
            case PRODUCTS -> {
                fields.putIfAbsent("currency", "CNY");
                fields.putIfAbsent("active", true);
            }
            case ACCOUNTS -> fields.putIfAbsent("country", "CN");
            case CONTACTS -> {
                if (!fields.containsKey("name") && (fields.get("firstName") != null || fields.get("lastName") != null)) {
                    fields.put("name", (Objects.toString(fields.get("lastName"), "") + Objects.toString(fields.get("firstName"), "")).trim());
                }
            }
        }
    }

    private void uniqueSku(Kind kind, String id, Map<String, Object> fields) {
        if (kind == Kind.PRODUCTS && !tables.get(kind).find(r -> fields.get("sku").equals(r.get("sku")) && !id.equals(r.get("id"))).isEmpty()) {
            throw new HttpProblem(409, "conflict", "a product with sku " + fields.get("sku") + " already exists");
        }
    }

    private boolean accountExists(String id) {
        return tables.get(Kind.ACCOUNTS).contains(id);
    }

    private long nextNumber(Kind kind) {
        long max = 0;
        for (Map<String, Object> r : tables.get(kind).all()) {
            max = Math.max(max, kind.number((String) r.get("id")));
        }
        return max + 1;
    }

    private String stamp() {
        lastStamp = Math.max(clock.millis(), lastStamp + 1);
        return TIMESTAMP.format(Instant.ofEpochMilli(lastStamp));
    }

    private static String normaliseSince(String raw) {
        Instant instant;
        try {
            instant = OffsetDateTime.parse(raw.trim().replace(' ', '+')).toInstant();
        } catch (DateTimeParseException e) {
            try {
                instant = LocalDate.parse(raw.trim()).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw HttpProblem.badRequest("updatedSince must be an ISO-8601 date-time with offset, e.g. 2026-11-20T02:15:00Z");
            }
        }
        return TIMESTAMP.format(instant);
    }

    private static String encodeCursor(String updatedAt, String id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((updatedAt + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decodeCursor(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\|", 2);
            if (parts.length == 2) {
                Instant.parse(parts[0]);
                return parts;
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            // answered below
        }
        throw HttpProblem.badRequest("invalid cursor");
    }
}
