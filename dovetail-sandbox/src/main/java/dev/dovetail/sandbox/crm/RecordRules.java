package dev.dovetail.sandbox.crm;

import dev.dovetail.sandbox.common.HttpProblem;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a valid record of each kind looks like. Unknown fields are rejected (free-form data goes
 * into {@code custom}), so a mapping that writes a misspelt field fails loudly, with 422.
 */
final class RecordRules {

    static final List<String> STAGES = List.of("Prospecting", "Proposal", "Negotiation", "Closed Won", "Closed Lost");
    static final Set<String> READ_ONLY = Set.of("id", "createdAt", "updatedAt", "version");

    private static final Map<Kind, Set<String>> FIELDS = Map.of(
            Kind.ACCOUNTS, Set.of("name", "industry", "country", "city", "address", "phone", "email", "taxId", "owner",
                    "custom"),
            Kind.CONTACTS, Set.of("accountId", "name", "firstName", "lastName", "email", "phone", "title", "custom"),
            Kind.OPPORTUNITIES, Set.of("name", "accountId", "stage", "amount", "currency", "closeDate", "owner",
                    "lines", "custom"),
            Kind.PRODUCTS, Set.of("sku", "name", "unitPrice", "currency", "active", "custom"));

    private RecordRules() {}

    /**
     * Checks a record without its read-only fields; {@code accountExists} resolves references.
     *
     * @throws HttpProblem 422 naming the first wrong field
     */
    static void check(Kind kind, Map<String, Object> record, Predicate<String> accountExists) {
        for (String field : record.keySet()) {
            if (!FIELDS.get(kind).contains(field) && !READ_ONLY.contains(field)) {
                throw invalid(field, "unknown field (allowed: " + String.join(", ", FIELDS.get(kind).stream().sorted().toList())
                        + "; put anything else under custom)");
            }
        }
        optionalObject(record, "custom");
        switch (kind) {
            case ACCOUNTS -> {
                requiredString(record, "name");
                for (String f : List.of("industry", "country", "city", "address", "phone", "email", "taxId")) {
                    optionalString(record, f);
                }
                owner(record);
            }
            case CONTACTS -> {
                reference(record, accountExists);
                requiredString(record, "name");
                for (String f : List.of("firstName", "lastName", "email", "phone", "title")) {
                    optionalString(record, f);
                }
            }
            case OPPORTUNITIES -> {
                reference(record, accountExists);
                optionalString(record, "name");
                String stage = requiredString(record, "stage");
                if (!STAGES.contains(stage)) {
                    throw invalid("stage", "must be one of " + String.join(", ", STAGES));
                }
                money(record, "amount", true);
                currency(record);
                closeDate(record);
                owner(record);
                lines(record);
            }
            case PRODUCTS -> {
                requiredString(record, "sku");
                requiredString(record, "name");
                money(record, "unitPrice", false);
                currency(record);
                Object active = record.get("active");
                if (active != null && !(active instanceof Boolean)) {
                    throw invalid("active", "must be true or false");
                }
            }
        }
    }

    private static void reference(Map<String, Object> record, Predicate<String> accountExists) {
        String accountId = requiredString(record, "accountId");
        if (!accountExists.test(accountId)) {
            throw invalid("accountId", "no account " + accountId);
        }
    }

    private static void owner(Map<String, Object> record) {
        Object owner = record.get("owner");
        if (owner == null) {
            return;
        }
        if (!(owner instanceof Map<?, ?> map) || !(map.get("email") instanceof String)) {
            throw invalid("owner", "must be an object with an email string");
        }
        if (!map.keySet().stream().allMatch(k -> Set.of("email", "name").contains(k))) {
            throw invalid("owner", "allowed fields: email, name");
        }
    }

    private static void lines(Map<String, Object> record) {
        Object lines = record.get("lines");
        if (lines == null) {
            return;
        }
        if (!(lines instanceof List<?> list)) {
            throw invalid("lines", "must be an array of {sku, qty, unitPrice}");
        }
        for (int i = 0; i < list.size(); i++) {
            String where = "lines[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> line)) {
                throw invalid(where, "must be an object {sku, qty, unitPrice}");
            }
            if (!line.keySet().stream().allMatch(k -> Set.of("sku", "qty", "unitPrice", "name").contains(k))) {
                throw invalid(where, "allowed fields: sku, qty, unitPrice, name");
            }
            if (!(line.get("sku") instanceof String sku) || sku.isBlank()) {
                throw invalid(where + ".sku", "is required");
            }
            if (!(line.get("qty") instanceof Integer || line.get("qty") instanceof Long || line.get("qty") instanceof BigInteger)
                    || ((Number) line.get("qty")).longValue() <= 0) {
                throw invalid(where + ".qty", "must be a positive integer");
            }
            if (!(line.get("unitPrice") instanceof Number price) || new BigDecimal(price.toString()).signum() < 0) {
                throw invalid(where + ".unitPrice", "must be a number >= 0");
            }
        }
    }

    private static void money(Map<String, Object> record, String field, boolean required) {
        Object value = record.get(field);
        if (value == null && !required) {
            return;
        }
        if (!(value instanceof Number n) || new BigDecimal(n.toString()).signum() < 0) {
            throw invalid(field, "must be a number >= 0");
        }
    }

    private static void currency(Map<String, Object> record) {
        Object value = record.get("currency");
        if (value != null && !(value instanceof String s && s.matches("[A-Z]{3}"))) {
            throw invalid("currency", "must be an ISO 4217 code such as CNY");
        }
    }

    private static void closeDate(Map<String, Object> record) {
        Object value = record.get("closeDate");
        if (value == null) {
            return;
        }
        if (value instanceof String s) {
            try {
                OffsetDateTime.parse(s);
                return;
            } catch (DateTimeParseException e) {
                try {
                    LocalDate.parse(s);
                    return;
                } catch (DateTimeParseException ignored) {
                    // fall through to the error below
                }
            }
        }
        throw invalid("closeDate", "must be an ISO date (2026-11-20) or date-time with offset (2026-11-20T10:15:00+08:00)");
    }

    private static String requiredString(Map<String, Object> record, String field) {
        if (!(record.get(field) instanceof String s) || s.isBlank()) {
            throw invalid(field, "is required (a non-empty string)");
        }
        return s;
    }

    private static void optionalString(Map<String, Object> record, String field) {
        Object value = record.get(field);
        if (value != null && !(value instanceof String)) {
            throw invalid(field, "must be a string");
        }
    }

    private static void optionalObject(Map<String, Object> record, String field) {
        Object value = record.get(field);
        if (value != null && !(value instanceof Map)) {
            throw invalid(field, "must be an object");
        }
    }

    static HttpProblem invalid(String field, String message) {
        return new HttpProblem(422, "validation_failed", field + ": " + message);
    }
}
