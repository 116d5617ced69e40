package dev.dovetail.connectors.http;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/** Text forms of parameter values and RFC 3986 percent-encoding. */
final class UriText {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UriText() {}

    /** Percent-encodes everything except the unreserved characters {@code A-Z a-z 0-9 - . _ ~}. */
    static String encode(String text) {
        var bytes = text.getBytes(StandardCharsets.UTF_8);
        var out = new StringBuilder(bytes.length + 16);
        for (var b : bytes) {
            var c = (char) (b & 0xFF);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            }
        }
        return out.toString();
    }

    /**
     * The text of a scalar value: strings as they are, integral numbers without a fraction
     * ({@code 42.0} → {@code 42}), decimals in plain notation, booleans as {@code true}/{@code false}.
     *
     * @throws InvalidCall for maps, lists and other objects
     */
    static String scalar(Object value, String what) {
        return switch (value) {
            case String s -> s;
            case Boolean b -> b.toString();
            case Integer i -> i.toString();
            case Long l -> l.toString();
            case Short s -> s.toString();
            case Byte b -> b.toString();
            case BigInteger i -> i.toString();
            case BigDecimal d -> d.toPlainString();
            case Double d when Double.isFinite(d) -> BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
            case Float f when Float.isFinite(f) -> new BigDecimal(f.toString()).stripTrailingZeros().toPlainString();
            case null -> throw new InvalidCall(what + " has no value");
            default -> throw new InvalidCall(what + " must be a text, number or boolean, got "
                    + (value instanceof java.util.Map<?, ?> ? "an object" : value instanceof java.util.List<?> ? "a list" : value.toString()));
        };
    }
}
