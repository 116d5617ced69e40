package dev.dovetail.spi;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The body of an {@link OperationCall}: nothing, a JSON-like value the connector serialises in its
 * protocol's format, or bytes sent as they are.
 */
public sealed interface RequestBody {

    /** No body. */
    static RequestBody none() {
        return None.INSTANCE;
    }

    /**
     * A JSON-like value: {@code Map<String, ?>}, {@code List<?>}, {@code String}, {@code Number},
     * {@code Boolean} or {@code null}, nested freely.
     *
     * @throws IllegalArgumentException if the value holds anything else, or a non-finite number
     */
    static RequestBody json(Object value) {
        return new Json(value);
    }

    /** Bytes sent unchanged with the given media type, e.g. {@code application/xml; charset=GBK}. */
    static RequestBody raw(byte[] bytes, String contentType) {
        return new Raw(bytes, contentType);
    }

    /** No body. */
    enum None implements RequestBody {
        INSTANCE
    }

    /**
     * A JSON-like value, serialised by the connector (as JSON by default).
     *
     * @param value the value; {@code null} is sent as JSON {@code null}
     */
    record Json(Object value) implements RequestBody {
        public Json {
            checkJsonLike(value, "body");
        }
    }

    /**
     * Bytes sent unchanged.
     *
     * @param bytes the body
     * @param contentType its media type
     */
    record Raw(byte[] bytes, String contentType) implements RequestBody {
        public Raw {
            bytes = Objects.requireNonNull(bytes, "bytes").clone();
            Objects.requireNonNull(contentType, "contentType");
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Raw raw && Arrays.equals(bytes, raw.bytes) && contentType.equals(raw.contentType);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(bytes) + contentType.hashCode();
        }

        @Override
        public String toString() {
            return "Raw[" + bytes.length + " bytes, " + contentType + "]";
        }
    }

    private static void checkJsonLike(Object value, String where) {
        switch (value) {
            case null -> {}
            case String s -> {}
            case Boolean b -> {}
            case Double d when !Double.isFinite(d) -> throw new IllegalArgumentException(where + " is " + d + ", which JSON cannot hold");
            case Float f when !Float.isFinite(f) -> throw new IllegalArgumentException(where + " is " + f + ", which JSON cannot hold");
            case Integer i -> {}
            case Long l -> {}
            case Short s -> {}
            case Byte b -> {}
            case Double d -> {}
            case Float f -> {}
            case BigDecimal d -> {}
            case BigInteger i -> {}
            case Map<?, ?> map -> map.forEach((key, item) -> {
                if (!(key instanceof String name)) {
                    throw new IllegalArgumentException(where + " has a non-text key: " + key);
                }
                checkJsonLike(item, where + "." + name);
            });
            case List<?> list -> {
                for (int i = 0; i < list.size(); i++) {
                    checkJsonLike(list.get(i), where + "[" + i + "]");
                }
            }
            default -> throw new IllegalArgumentException(
                    where + " is a " + value.getClass().getName() + ", not a JSON-like value");
        }
    }
}
