package dev.dovetail.connectors.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs requests with an HMAC over a configurable canonical string (see {@link HttpAuth.Hmac}). */
final class HmacSigner implements Authenticator {

    private final HttpAuth.Hmac config;
    private final Clock clock;

    HmacSigner(HttpAuth.Hmac config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public OutgoingRequest apply(OutgoingRequest request) {
        var timestamp = timestamp(clock.instant());
        var nonce = UUID.randomUUID().toString().replace("-", "");
        var canonical = canonicalString(request, timestamp, nonce);
        var signature = config.prefix() + sign(canonical);
        var signed = request.withHeader(config.header(), signature);
        if (config.timestampHeader() != null) {
            signed = signed.withHeader(config.timestampHeader(), timestamp);
        }
        if (config.nonceHeader() != null) {
            signed = signed.withHeader(config.nonceHeader(), nonce);
        }
        if (config.accessKeyHeader() != null) {
            signed = signed.withHeader(config.accessKeyHeader(), config.accessKey());
        }
        return signed;
    }

    String canonicalString(OutgoingRequest request, String timestamp, String nonce) {
        var matcher = HttpAuth.Hmac.PLACEHOLDER.matcher(config.canonical());
        var out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(value(matcher.group(1), request, timestamp, nonce)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private String value(String placeholder, OutgoingRequest request, String timestamp, String nonce) {
        return switch (placeholder) {
            case "method" -> request.method();
            case "path" -> request.rawPath();
            case "query" -> request.rawQuery();
            case "sortedQuery" -> request.sortedRawQuery();
            case "pathAndQuery" -> request.pathAndQuery();
            case "host" -> request.host();
            case "timestamp" -> timestamp;
            case "nonce" -> nonce;
            case "body" -> new String(request.body(), StandardCharsets.UTF_8);
            case "bodySha256" -> HexFormat.of().formatHex(digest("SHA-256", request.body()));
            case "contentMd5" -> request.body().length == 0 ? "" : Base64.getEncoder().encodeToString(digest("MD5", request.body()));
            case "contentType" -> request.contentType() == null ? "" : request.contentType();
            case "accessKey" -> config.accessKey() == null ? "" : config.accessKey();
            default -> throw new IllegalStateException("unknown placeholder " + placeholder); // the config rejects these
        };
    }

    private String timestamp(Instant now) {
        return switch (config.timestampFormat()) {
            case MILLIS -> Long.toString(now.toEpochMilli());
            case SECONDS -> Long.toString(now.getEpochSecond());
            case ISO -> now.truncatedTo(ChronoUnit.SECONDS).toString();
        };
    }

    private String sign(String canonical) {
        try {
            var mac = Mac.getInstance(config.algorithm());
            mac.init(new SecretKeySpec(config.secret().getBytes(StandardCharsets.UTF_8), config.algorithm()));
            var bytes = mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8));
            return config.encoding() == HttpAuth.SignatureEncoding.HEX
                    ? HexFormat.of().formatHex(bytes)
                    : Base64.getEncoder().encodeToString(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with " + config.algorithm(), e);
        }
    }

    private static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is missing from this JVM", e);
        }
    }
}
