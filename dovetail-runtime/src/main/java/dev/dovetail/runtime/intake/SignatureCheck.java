package dev.dovetail.runtime.intake;

import dev.dovetail.model.SystemDef;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies {@code webhook.signature}: HMAC-SHA256, keyed with the secret's UTF-8 bytes, over the canonical
 * text with {@code {timestamp}} replaced by the timestamp header as sent and {@code {body}} by the body's
 * bytes. The header may hold several signatures (separated by spaces or commas, each with or without the
 * configured prefix) as senders do while rotating keys; one match is enough. Comparison is constant-time.
 */
final class SignatureCheck {
    private static final String ALGORITHM = "HmacSHA256";
    private static final int SHA256_LENGTH = 32;
    /** Timestamps at or above this are milliseconds (as seconds it would be the year 5138). */
    private static final long MILLIS_THRESHOLD = 100_000_000_000L;

    private SignatureCheck() {}

    /**
     * @return the mark to remember once the event is committed, when the signature is timestamped
     * @throws Refusal 401 when the signature or timestamp is missing, malformed, wrong, stale or replayed
     */
    static Optional<ReplayMark> verify(SystemDef.Signature signature, WebhookRequest request, byte[] body, String system,
                                       String event, ReplayGuard guard, int maxSignatures) throws Refusal {
        if (!signature.type().equalsIgnoreCase("hmac-sha256")) {
            throw Refusal.unauthorized(RefusalCode.SIGNATURE_INVALID, "the webhook's signature type is not supported");
        }
        List<String> headerValues = request.headerValues(signature.header()).stream().filter(v -> !v.isBlank()).toList();
        if (headerValues.isEmpty()) {
            throw Refusal.unauthorized(RefusalCode.SIGNATURE_MISSING, "the request has no " + signature.header() + " header; it must carry the signature");
        }
        String timestampText = "";
        Stamp timestamp = null;
        if (signature.timestampHeader().isPresent()) {
            String header = signature.timestampHeader().get();
            timestampText = request.header(header).map(String::strip).orElse("");
            if (timestampText.isEmpty()) {
                throw Refusal.unauthorized(RefusalCode.TIMESTAMP_MISSING, "the request has no " + header + " header; it must carry the send time");
            }
            timestamp = parseTimestamp(header, timestampText);
        }

        byte[] expected = hmac(signature, timestampText, body);
        boolean matched = false;
        for (byte[] candidate : candidates(headerValues, signature, maxSignatures)) {
            matched |= MessageDigest.isEqual(candidate, expected);
        }
        if (!matched) {
            throw Refusal.unauthorized(RefusalCode.SIGNATURE_INVALID, "the " + signature.header()
                    + " signature does not match the request (check the secret, the canonical text and that the body is sent unchanged)");
        }
        if (timestamp == null) return Optional.empty();

        Instant now = request.receivedAt();
        Duration skew = timestamp.skew(now);
        if (skew.abs().compareTo(signature.tolerance()) > 0) {
            throw Refusal.unauthorized(RefusalCode.STALE, "the timestamp is " + seconds(skew) + " s "
                    + (skew.isNegative() ? "ahead of" : "behind") + " the hub's clock; at most " + signature.tolerance().toSeconds()
                    + " s are accepted");
        }
        var mark = new ReplayMark(system, event, HexFormat.of().formatHex(expected), timestamp.instant().plus(signature.tolerance()));
        if (guard.seen(mark, now)) {
            throw Refusal.unauthorized(RefusalCode.REPLAYED, "this signed request was already accepted; a new delivery needs a new timestamp and signature");
        }
        return Optional.of(mark);
    }

    /** A send time as the sender wrote it: epoch seconds or milliseconds. */
    private record Stamp(Instant instant, boolean millis) {
        /** How far {@code now}, at the stamp's own precision, is from the stamp (positive: the stamp is in the past). */
        Duration skew(Instant now) {
            return Duration.between(instant, now.truncatedTo(millis ? ChronoUnit.MILLIS : ChronoUnit.SECONDS));
        }
    }

    private static Stamp parseTimestamp(String header, String text) throws Refusal {
        if (text.length() > 19 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw Refusal.unauthorized(RefusalCode.TIMESTAMP_INVALID, "the " + header + " header must be epoch seconds or milliseconds, not "
                    + Refusal.quote(text));
        }
        try {
            long value = Long.parseLong(text);
            return value >= MILLIS_THRESHOLD ? new Stamp(Instant.ofEpochMilli(value), true) : new Stamp(Instant.ofEpochSecond(value), false);
        } catch (NumberFormatException | java.time.DateTimeException e) {
            throw Refusal.unauthorized(RefusalCode.TIMESTAMP_INVALID, "the " + header + " header is out of range");
        }
    }

    /** {@code 301} or {@code 301.5}: whole seconds, with milliseconds only when there are some. */
    private static String seconds(Duration duration) {
        Duration abs = duration.abs();
        int millis = abs.toMillisPart();
        if (millis == 0) return Long.toString(abs.toSeconds());
        return abs.toSeconds() + "." + String.format(java.util.Locale.ROOT, "%03d", millis).replaceAll("0+$", "");
    }

    static byte[] hmac(SystemDef.Signature signature, String timestamp, byte[] body) throws Refusal {
        byte[] key = signature.secret().reveal().getBytes(StandardCharsets.UTF_8);
        if (key.length == 0) {
            throw Refusal.unauthorized(RefusalCode.SIGNATURE_INVALID, "the signature cannot be checked: the webhook's secret is empty");
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            String canonical = signature.canonical();
            int i = 0;
            while (i < canonical.length()) {
                int ts = canonical.indexOf("{timestamp}", i);
                int bd = canonical.indexOf("{body}", i);
                int next = ts < 0 ? bd : bd < 0 ? ts : Math.min(ts, bd);
                if (next < 0) {
                    mac.update(canonical.substring(i).getBytes(StandardCharsets.UTF_8));
                    break;
                }
                mac.update(canonical.substring(i, next).getBytes(StandardCharsets.UTF_8));
                if (next == ts) {
                    mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
                    i = next + "{timestamp}".length();
                } else {
                    mac.update(body);
                    i = next + "{body}".length();
                }
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** The decoded signatures in the header values, at most {@code max}; tokens that do not decode are skipped. */
    static List<byte[]> candidates(List<String> headerValues, SystemDef.Signature signature, int max) {
        String prefix = signature.prefix().orElse("");
        String label = prefix.replaceAll("[\\s,]+$", "");
        var result = new ArrayList<byte[]>();
        for (String value : headerValues) {
            for (String token : value.split("[\\s,]+")) {
                if (result.size() >= max) return result;
                if (token.isEmpty() || (!label.isEmpty() && token.equalsIgnoreCase(label))) continue;
                if (!prefix.isEmpty() && token.regionMatches(true, 0, prefix, 0, prefix.length())) {
                    token = token.substring(prefix.length());
                }
                decode(token, signature.encoding()).ifPresent(result::add);
            }
        }
        return result;
    }

    private static Optional<byte[]> decode(String token, SystemDef.Encoding encoding) {
        try {
            byte[] bytes = switch (encoding) {
                case HEX -> HexFormat.of().parseHex(token.toLowerCase(Locale.ROOT));
                case BASE64 -> token.indexOf('-') >= 0 || token.indexOf('_') >= 0
                        ? Base64.getUrlDecoder().decode(token)
                        : Base64.getDecoder().decode(token);
            };
            return bytes.length == SHA256_LENGTH ? Optional.of(bytes) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
