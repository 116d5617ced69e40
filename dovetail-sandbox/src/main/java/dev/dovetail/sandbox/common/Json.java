package dev.dovetail.sandbox.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * JSON as plain Java values: objects are {@code Map<String,Object>} (insertion-ordered), arrays
 * {@code List<Object>}, plus String, Number (BigDecimal for fractions, so amounts keep their
 * scale), Boolean and null.
 */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private Json() {}

    /** The shared mapper (configured as described above); do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Compact JSON text of a value (maps, lists, records, scalars). */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable as JSON: " + e.getMessage(), e);
        }
    }

    /** UTF-8 bytes of {@link #write(Object)}. */
    public static byte[] bytes(Object value) {
        return write(value).getBytes(StandardCharsets.UTF_8);
    }

    /** Any JSON value; throws {@link IllegalArgumentException} for malformed text. */
    public static Object read(String text) {
        try {
            return MAPPER.readValue(text, Object.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed JSON: " + getOriginalMessage(e), e);
        }
    }

    /** A JSON object; throws {@link IllegalArgumentException} when the text is not one. */
    public static Map<String, Object> readObject(String text) {
        if (read(text) instanceof Map<?, ?>) {
            try {
                return MAPPER.readValue(text, MAP);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalArgumentException("expected a JSON object");
    }

    /** A JSON array of objects; throws {@link IllegalArgumentException} otherwise. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> readObjects(String text) {
        if (read(text) instanceof List<?> list) {
            for (Object item : list) {
                if (!(item instanceof Map)) {
                    throw new IllegalArgumentException("expected an array of JSON objects");
                }
            }
            return (List<Map<String, Object>>) list;
        }
        throw new IllegalArgumentException("expected a JSON array");
    }

    /** A deep copy of a JSON-like value, so stored records cannot be changed by callers. */
    public static <T> T copy(T value) {
        @SuppressWarnings("unchecked")
        T copy = (T) read(write(value));
        return copy;
    }

    private static String getOriginalMessage(IOException e) {
        return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    }
}
