package dev.dovetail.acceptance.harness;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON in and out as plain values (maps, lists, texts, numbers, booleans, null). Decimals read as
 * {@link java.math.BigDecimal}, so {@code 12.50} keeps its digits.
 */
public final class Json {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();
    private static final JsonMapper COMPACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private Json() {}

    /** Parses a JSON document; throws on malformed input. */
    public static Object parse(String text) {
        return COMPACT.readValue(text, Object.class);
    }

    /** Parses a JSON document, or empty when it is not JSON. */
    public static Optional<Object> tryParse(String text) {
        if (text == null || text.isBlank()) return Optional.empty();
        try {
            return Optional.ofNullable(parse(text));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The object a JSON text holds, or empty when it holds something else or is not JSON. */
    @SuppressWarnings("unchecked")
    public static Optional<Map<String, Object>> object(String text) {
        return tryParse(text).filter(Map.class::isInstance).map(v -> (Map<String, Object>) v);
    }

    /** The list a value is, or an empty list. */
    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }

    /** A text member of an object, or empty. */
    public static Optional<String> text(Map<String, ?> object, String name) {
        var value = object.get(name);
        return value instanceof String s ? Optional.of(s) : Optional.empty();
    }

    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    public static String compact(Object value) {
        return COMPACT.writeValueAsString(value);
    }
}
