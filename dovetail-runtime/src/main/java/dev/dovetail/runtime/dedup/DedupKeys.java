package dev.dovetail.runtime.dedup;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The dedup key convention of events taken from a system, shared by every way in (webhook intake, polling):
 * 64 lower-case hex characters, the SHA-256 of system, event, record key and either the record's version
 * (when the event declares a {@code version} path) or the SHA-256 of the canonical payload. The same record
 * version therefore has the same dedup key however it arrived, and a re-read of it is recognised by the
 * journal as a duplicate. Thread-safe.
 */
public final class DedupKeys {
    private static final String SCHEME = "dovetail-dedup-1";
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    private DedupKeys() {}

    /** The dedup key of a record whose event declares a version path. */
    public static String ofVersion(String system, String event, String recordKey, String version) {
        return sha256Hex(SCHEME, requireNonNull(system, "system"), requireNonNull(event, "event"),
                requireNonNull(recordKey, "recordKey"), "version", requireNonNull(version, "version"));
    }

    /** The dedup key of a record without a declared version: its canonical payload stands for the version. */
    public static String ofPayload(String system, String event, String recordKey, Object payload) {
        return sha256Hex(SCHEME, requireNonNull(system, "system"), requireNonNull(event, "event"),
                requireNonNull(recordKey, "recordKey"), "body", canonicalHash(payload));
    }

    /**
     * The text of a key or version value: a text as it is, a number in canonical form ({@code 10.50} →
     * {@code 10.5}, {@code 7.0} → {@code 7}), a boolean as {@code true}/{@code false}; empty for
     * {@code null}, objects and lists.
     */
    public static Optional<String> text(Object value) {
        return switch (value) {
            case null -> Optional.empty();
            case String s -> Optional.of(s);
            case BigDecimal d -> Optional.of(canonicalNumber(d));
            case Long l -> Optional.of(l.toString());
            case Integer i -> Optional.of(i.toString());
            case Short s -> Optional.of(s.toString());
            case Byte b -> Optional.of(b.toString());
            case BigInteger b -> Optional.of(b.toString());
            case Double d when Double.isFinite(d) -> Optional.of(canonicalNumber(BigDecimal.valueOf(d)));
            case Float f when Float.isFinite(f) -> Optional.of(canonicalNumber(new BigDecimal(f.toString())));
            case Number n -> Optional.empty();
            case Boolean b -> Optional.of(b.toString());
            case Map<?, ?> m -> Optional.empty();
            case List<?> l -> Optional.empty();
            default -> Optional.of(value.toString());
        };
    }

    /**
     * SHA-256 (lower-case hex) of the canonical JSON form of a JSON-like value: compact, keys sorted by
     * their UTF-16 code units, numbers without trailing zeros ({@code 10.50} and {@code 10.5} are one
     * value, as are {@code 1.0} and {@code 1}). The same payload with other spacing or key order hashes the same.
     */
    public static String canonicalHash(Object payload) {
        var digest = sha256();
        try (JsonGenerator generator = JSON.createGenerator(new DigestOutputStream(OutputStream.nullOutputStream(), digest))) {
            write(generator, payload, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A JSON-like value as compact JSON text, keys in their order. */
    public static String json(Object value) {
        var out = new StringWriter();
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            write(generator, value, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** {@code 10.50} → {@code 10.5}, {@code 7.0} → {@code 7}, {@code 1E+30} stays. */
    public static String canonicalNumber(BigDecimal number) {
        if (number.signum() == 0) return "0";
        BigDecimal stripped = number.stripTrailingZeros();
        if (stripped.scale() <= 0 && stripped.compareTo(LONG_MIN) >= 0 && stripped.compareTo(LONG_MAX) <= 0) {
            return Long.toString(stripped.longValueExact());
        }
        return stripped.scale() > 0 ? stripped.toPlainString() : stripped.toString();
    }

    private static void write(JsonGenerator generator, Object value, boolean canonical) throws IOException {
        switch (value) {
            case null -> generator.writeNull();
            case Map<?, ?> map -> {
                generator.writeStartObject();
                Map<?, ?> entries = canonical ? sorted(map) : map;
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
            case Double number when !Double.isFinite(number) -> generator.writeNull();
            case Float number when !Float.isFinite(number) -> generator.writeNull();
            case Number number -> {
                var decimal = new BigDecimal(number.toString());
                if (canonical) generator.writeNumber(canonicalNumber(decimal));
                else generator.writeNumber(decimal);
            }
            default -> generator.writeString(value.toString());
        }
    }

    private static Map<String, Object> sorted(Map<?, ?> map) {
        var sorted = new TreeMap<String, Object>();
        map.forEach((key, value) -> sorted.put(String.valueOf(key), value));
        return sorted;
    }

    /** SHA-256 of the parts, each prefixed by its length, so no two different lists of parts give the same input. */
    private static String sha256Hex(String... parts) {
        MessageDigest digest = sha256();
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) ':');
            digest.update(bytes);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
