package dev.dovetail.runtime.intake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;

/**
 * Reads a JSON body into JSON-like Java values, strictly: UTF-8 only (no byte order mark, no UTF-16/32),
 * one object or array and nothing after it, no duplicate keys, no comments, NaN or other extensions,
 * numbers as Long or BigDecimal (never double), and the limits of {@link IntakeOptions}.
 */
final class JsonBodies {
    /** Decimal exponents beyond this are refused: {@code 1e999999999} would otherwise become a huge text downstream. */
    static final int MAX_SCALE = 1000;

    private final JsonFactory factory;
    private final int maxValues;
    private final int maxDepth;

    JsonBodies(IntakeOptions options) {
        this.maxValues = options.maxValues();
        this.maxDepth = options.maxDepth();
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(options.maxDepth())
                        .maxStringLength(options.maxStringLength())
                        .maxNameLength(options.maxNameLength())
                        .maxNumberLength(options.maxNumberLength())
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // hostile field names must not grow the JVM's string table
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                .build();
    }

    JsonFactory factory() {
        return factory;
    }

    /** Parses a whole body. The caller has checked it is non-empty, valid UTF-8 and without BOM or NUL bytes. */
    Object parse(byte[] body) throws Refusal {
        try (JsonParser parser = factory.createParser(body)) {
            return parseDocument(parser);
        } catch (StreamConstraintsException e) {
            throw constraint(e);
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException | RuntimeException e) {
            // RuntimeException: e.g. an exponent too large for BigDecimal, or a symbol table flooded with colliding names
            throw Refusal.badRequest(RefusalCode.MALFORMED_JSON, "the body is not valid JSON: " + String.valueOf(e.getMessage()));
        }
    }

    /** Parses a JSON text embedded in another format (a form field); the same rules as a body. */
    Object parse(String text) throws Refusal {
        try (JsonParser parser = factory.createParser(text)) {
            return parseDocument(parser);
        } catch (StreamConstraintsException e) {
            throw constraint(e);
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException | RuntimeException e) {
            throw Refusal.badRequest(RefusalCode.MALFORMED_JSON, "the text is not valid JSON: " + String.valueOf(e.getMessage()));
        }
    }

    private Object parseDocument(JsonParser parser) throws IOException, Refusal {
        JsonToken first = parser.nextToken();
        if (first == null) throw Refusal.badRequest(RefusalCode.EMPTY_BODY, "the body holds no JSON value");
        if (first != JsonToken.START_OBJECT && first != JsonToken.START_ARRAY) {
            throw Refusal.badRequest(RefusalCode.MALFORMED_JSON, "the body must be a JSON object or array, not a single " + describe(first));
        }
        Object value = read(parser, first, new int[] {0}, 1);
        JsonToken after = parser.nextToken();
        if (after != null) {
            var at = parser.currentTokenLocation();
            throw Refusal.badRequest(RefusalCode.MALFORMED_JSON, "unexpected content after the JSON value at line "
                    + at.getLineNr() + ", column " + at.getColumnNr() + "; send exactly one object or array");
        }
        return value;
    }

    private Object read(JsonParser parser, JsonToken token, int[] count, int depth) throws IOException, Refusal {
        if (++count[0] > maxValues) {
            throw Refusal.badRequest(RefusalCode.LIMIT_EXCEEDED, "the JSON has more than " + maxValues + " values");
        }
        if (depth > maxDepth) {
            // Jackson enforces this first; kept so the recursion is bounded whatever the parser does
            throw Refusal.badRequest(RefusalCode.TOO_DEEP, "the JSON is nested deeper than " + maxDepth + " levels");
        }
        switch (token) {
            case START_OBJECT -> {
                var map = new LinkedHashMap<String, Object>();
                JsonToken next;
                while ((next = parser.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = wellFormed(parser, parser.currentName());
                    map.put(name, read(parser, parser.nextToken(), count, depth + 1));
                }
                if (next != JsonToken.END_OBJECT) throw new IllegalStateException("unexpected " + next + " in an object");
                return map;
            }
            case START_ARRAY -> {
                var list = new ArrayList<Object>();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    if (next == null) throw new IllegalStateException("the array does not end");
                    list.add(read(parser, next, count, depth + 1));
                }
                return list;
            }
            case VALUE_STRING -> {
                return wellFormed(parser, parser.getText());
            }
            case VALUE_NUMBER_INT -> {
                if (parser.getNumberType() == JsonParser.NumberType.INT || parser.getNumberType() == JsonParser.NumberType.LONG) {
                    return parser.getLongValue();
                }
                return new BigDecimal(parser.getBigIntegerValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                BigDecimal decimal = parser.getDecimalValue();
                if (Math.abs(decimal.scale()) > MAX_SCALE) {
                    var at = parser.currentTokenLocation();
                    throw Refusal.badRequest(RefusalCode.LIMIT_EXCEEDED, "the number at line " + at.getLineNr() + ", column "
                            + at.getColumnNr() + " has an exponent beyond ±" + MAX_SCALE);
                }
                return decimal;
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IllegalStateException("unexpected " + token);
        }
    }

    /** JSON may escape half a surrogate pair ({@code "\\ud800"}); such a text is not Unicode and is refused. */
    private static String wellFormed(JsonParser parser, String text) throws Refusal {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isSurrogate(c)) continue;
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
                continue;
            }
            var at = parser.currentTokenLocation();
            throw Refusal.badRequest(RefusalCode.INVALID_ENCODING, "the JSON text at line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + " holds an unpaired surrogate (an escape in \\ud800-\\udfff without its other half)");
        }
        return text;
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }

    private Refusal constraint(StreamConstraintsException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.contains("nesting depth")) {
            return Refusal.badRequest(RefusalCode.TOO_DEEP, "the JSON is nested deeper than " + maxDepth + " levels");
        }
        return Refusal.badRequest(RefusalCode.LIMIT_EXCEEDED, "the JSON exceeds a limit: " + withoutApiNames(message));
    }

    private static Refusal malformed(JsonProcessingException e) {
        var at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return Refusal.badRequest(RefusalCode.MALFORMED_JSON, "the body is not valid JSON" + where + ": " + withoutApiNames(String.valueOf(e.getOriginalMessage())));
    }

    /** Jackson names its own settings and features in messages; the sender cannot act on those. */
    private static String withoutApiNames(String message) {
        return message.replaceAll("\\[Source: .*?; line: (\\d+), column: (\\d+)\\]", "line $1, column $2")
                .replaceAll(",? ?from `[^`]*`", "")
                .replaceAll("\\s*[:(]?\\s*\\b(?:enable|to allow|set)\\b\\s+`[^`]*`.*$", "")
                .strip();
    }
}
