package dev.dovetail.acceptance.harness;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook requests the way the relay workspace's CRM declares it: HMAC-SHA256 over
 * {@code "{timestamp}.{body}"}, lower-case hex with a {@code sha256=} prefix, the timestamp in epoch seconds.
 */
public record WebhookSigner(String secret, String signatureHeader, String timestampHeader, String prefix) {

    /** The relay workspace's {@code crm.order-won} signature. */
    public static WebhookSigner crm(String secret) {
        return new WebhookSigner(secret, "X-Crm-Signature", "X-Crm-Timestamp", "sha256=");
    }

    /** The signature and timestamp headers for {@code body} sent at {@code epochSecond}. */
    public Map<String, String> headers(long epochSecond, byte[] body) {
        var headers = new LinkedHashMap<String, String>();
        String timestamp = Long.toString(epochSecond);
        headers.put(signatureHeader, prefix + signature(timestamp, body));
        headers.put(timestampHeader, timestamp);
        return headers;
    }

    /** Hex HMAC-SHA256 of {@code timestamp + "." + body}. */
    public String signature(String timestamp, byte[] body) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "WebhookSigner[" + signatureHeader + ", " + timestampHeader + ", secret ****]";
    }
}
