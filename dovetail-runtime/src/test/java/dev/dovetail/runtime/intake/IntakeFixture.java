package dev.dovetail.runtime.intake;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.dovetail.mapping.JsonataSyntax;
import dev.dovetail.mapping.MappingEngine;
import dev.dovetail.model.Environment;
import dev.dovetail.model.Workspace;
import dev.dovetail.model.WorkspaceLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The workspace the intake tests (and the server's HTTP-level replay of {@link HostileRequests}) run
 * against, and how a legitimate sender signs for it. Loaded by the real {@link WorkspaceLoader}.
 */
public final class IntakeFixture {
    /** The HMAC secret of {@code shop}'s events and of {@code open/legacy-hook}. Test-only. */
    public static final String SHOP_SECRET = "test-only-shop-webhook-secret-0123456789abcdef";
    /** The shared token of {@code erp}'s events. Test-only. */
    public static final String ERP_TOKEN = "test-only-erp-token-fedcba9876543210";

    public static final String SIGNATURE_HEADER = "X-Shop-Signature";
    public static final String TIMESTAMP_HEADER = "X-Shop-Timestamp";
    public static final String TOKEN_HEADER = "X-Erp-Token";
    public static final String HUB_SIGNATURE_HEADER = "X-Hub-Signature-256";

    private IntakeFixture() {}

    /** The workspace's files, by path relative to the workspace root. */
    public static Map<String, String> files() {
        var files = new LinkedHashMap<String, String>();
        files.put("dovetail.yaml", "name: intake-fixture\n");
        files.put("systems/shop.yaml", """
                title: Web shop (signed webhooks, Stripe/Standard-Webhooks style)
                connector: http
                connection:
                  baseUrl: http://127.0.0.1:9
                events:
                  order-placed:
                    key: order.id
                    webhook:
                      signature:
                        secret: ${secret:shop-webhook}
                        header: X-Shop-Signature
                        timestampHeader: X-Shop-Timestamp
                        canonical: "{timestamp}.{body}"
                        tolerance: 300s
                        prefix: "sha256="
                      maxBodySize: 1MB
                  order-updated:
                    key: id
                    version: version
                    webhook:
                      signature:
                        secret: ${secret:shop-webhook}
                        header: X-Shop-Signature
                        timestampHeader: X-Shop-Timestamp
                        encoding: base64
                  line-added:
                    key: data[0].id
                    webhook:
                      signature:
                        secret: ${secret:shop-webhook}
                        header: X-Shop-Signature
                        timestampHeader: X-Shop-Timestamp
                        prefix: "sha256="
                  bundle-changed:
                    key: "$join(items.sku, '+')"
                    webhook:
                      signature:
                        secret: ${secret:shop-webhook}
                        header: X-Shop-Signature
                        timestampHeader: X-Shop-Timestamp
                        prefix: "sha256="
                  daily-report:
                    key: id
                    schedule:
                      every: 24h
                """);
        files.put("systems/erp.yaml", """
                title: Legacy ERP (shared token, XML and forms)
                connector: http
                connection:
                  baseUrl: http://127.0.0.1:9
                events:
                  invoice-posted:
                    key: invoice.number
                    webhook:
                      token:
                        header: X-Erp-Token
                        value: ${secret:erp-token}
                      maxBodySize: 64KB
                  form-submitted:
                    key: ticket
                    webhook:
                      token:
                        header: X-Erp-Token
                        value: ${secret:erp-token}
                      maxBodySize: 64KB
                """);
        files.put("systems/open.yaml", """
                title: Unverified and GitHub-style senders
                connector: http
                connection:
                  baseUrl: http://127.0.0.1:9
                events:
                  ping:
                    key: id
                    webhook:
                      maxBodySize: 1MB
                  legacy-hook:
                    key: id
                    webhook:
                      signature:
                        secret: ${secret:shop-webhook}
                        header: X-Hub-Signature-256
                        prefix: "sha256="
                """);
        return files;
    }

    /** The environment the workspace needs: its secrets as {@code DOVETAIL_SECRET_*} variables. */
    public static Map<String, String> environment() {
        return Map.of(Environment.secretVariableName("shop-webhook"), SHOP_SECRET, Environment.secretVariableName("erp-token"), ERP_TOKEN);
    }

    /** Writes {@link #files()} under {@code root}. */
    public static void write(Path root) {
        try {
            for (var file : files().entrySet()) {
                Path path = root.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue(), UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes and loads the workspace; fails when it does not load cleanly. */
    public static Workspace load(Path root) {
        write(root);
        var load = new WorkspaceLoader(Environment.of(environment()), new JsonataSyntax()).load(root);
        if (load.workspace().isEmpty() || load.report().hasErrors()) {
            throw new IllegalStateException("the intake fixture workspace does not load: " + load.report().problems());
        }
        return load.workspace().get();
    }

    static MappingEngine engine(Workspace workspace) {
        return MappingEngine.of(workspace);
    }

    /** Lower-case hex HMAC-SHA256 of {@code timestamp + "." + body} with {@code secret}, as a sender computes it. */
    public static String hmacHex(String secret, String timestamp, byte[] body) {
        return HexFormat.of().formatHex(hmac(secret, (timestamp + ".").getBytes(UTF_8), body));
    }

    /** HMAC-SHA256 of the concatenated parts. */
    public static byte[] hmac(String secret, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(UTF_8), "HmacSHA256"));
            for (byte[] part : parts) mac.update(part);
            return mac.doFinal();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Headers of a correctly signed request to a {@code shop} event (hex, {@code sha256=} prefix). */
    public static Map<String, List<String>> signedHeaders(Instant now, byte[] body) {
        String timestamp = Long.toString(now.getEpochSecond());
        return Map.of(SIGNATURE_HEADER, List.of("sha256=" + hmacHex(SHOP_SECRET, timestamp, body)), TIMESTAMP_HEADER, List.of(timestamp));
    }

    public static WebhookRequest request(String system, String event, String contentType, Map<String, List<String>> headers,
                                         byte[] body, Instant receivedAt) {
        return new WebhookRequest(system, event, contentType, headers, body, "127.0.0.1", receivedAt);
    }

    /** A correctly signed JSON request to {@code shop/order-placed}. */
    public static WebhookRequest signedOrder(String json, Instant now) {
        byte[] body = json.getBytes(UTF_8);
        return request("shop", "order-placed", "application/json", signedHeaders(now, body), body, now);
    }
}
