package dev.dovetail.runtime.intake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.security.DigestOutputStream;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Writes JSON-like values as JSON text, as given or in canonical form for hashing. */
final class JsonText {
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private final JsonFactory factory;

    JsonText(JsonFactory factory) {
        this.factory = factory.rebuild().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();
    }

    /** The value as compact JSON, keys in their order. */
    String render(Object value) {
        var out = new StringWriter();
        try (JsonGenerator generator = factory.createGenerator(out)) {
            write(generator, value, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * SHA-256 (lower-case hex) of the canonical form: compact, keys sorted by their UTF-16 code units, numbers
     * without trailing zeros ({@code 10.50} and {@code 10.5} are one value, as are {@code 1.0} and {@code 1}).
     * The same payload sent as JSON with other spacing or key order hashes the same.
     */
    String canonicalHash(Object value) {
        var digest = Hashing.sha256();
        try (JsonGenerator generator = factory.createGenerator(new DigestOutputStream(OutputStream.nullOutputStream(), digest))) {
            write(generator, value, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void write(JsonGenerator generator, Object value, boolean canonical) throws IOException {
        switch (value) {
            case null -> generator.writeNull();
            case Map<?, ?> map -> {
                generator.writeStartObject();
                Map<?, ?> entries = canonical ? new TreeMap<>(map) : map;
                for (var entry : entries.entrySet()) {
                    generator.writeFieldName(String.valueOf(entry.getKey()));
                    write(generator, entry.getValue(), canonical);
                }
                generator.writeEndObject();
            }
            case List<?> list -> {
                generator.writeStartArray();
                for (Object item : list) write(generator, item, canonical);
                generator.writeEndArray();
            }
            case String text -> generator.writeString(text);
            case Boolean flag -> generator.writeBoolean(flag);
            case Long number -> generator.writeNumber(number);
            case Integer number -> generator.writeNumber(number);
            case BigDecimal number -> {
                if (canonical) generator.writeNumber(canonicalNumber(number));
                else generator.writeNumber(number);
            }
            case BigInteger number -> generator.writeNumber(number);
            case Number number -> generator.writeNumber(new BigDecimal(number.toString()));
            default -> generator.writeString(value.toString());
        }
    }

    /** {@code 10.50} → {@code 10.5}, {@code 7.0} → {@code 7}, {@code 1E+30} stays. */
    static String canonicalNumber(BigDecimal number) {
        if (number.signum() == 0) return "0";
        BigDecimal stripped = number.stripTrailingZeros();
        if (stripped.scale() <= 0 && stripped.compareTo(LONG_MIN) >= 0 && stripped.compareTo(LONG_MAX) <= 0) {
            return Long.toString(stripped.longValueExact());
        }
        return stripped.scale() > 0 ? stripped.toPlainString() : stripped.toString();
    }
}
