package dev.dovetail.runtime.intake;

import dev.dovetail.model.SystemDef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Verifies {@code webhook.token}: the header must hold the shared token. Both sides are hashed before the
 * constant-time comparison, so neither the content nor the length of the token leaks through timing. In an
 * {@code Authorization} header a {@code Bearer } scheme before the token is allowed.
 */
final class TokenCheck {
    private TokenCheck() {}

    static void verify(SystemDef.TokenCheck token, WebhookRequest request) throws Refusal {
        String provided = request.header(token.header()).map(String::strip).orElse("");
        if (provided.isEmpty()) {
            throw Refusal.unauthorized(RefusalCode.TOKEN_MISSING, "the request has no " + token.header() + " header; it must carry the shared token");
        }
        if (token.header().equalsIgnoreCase("Authorization") && provided.regionMatches(true, 0, "Bearer ", 0, 7)) {
            provided = provided.substring(7).strip();
        }
        byte[] expected = Hashing.sha256().digest(token.value().reveal().getBytes(StandardCharsets.UTF_8));
        byte[] actual = Hashing.sha256().digest(provided.getBytes(StandardCharsets.UTF_8));
        if (token.value().reveal().isEmpty() || !MessageDigest.isEqual(actual, expected)) {
            throw Refusal.unauthorized(RefusalCode.TOKEN_INVALID, "the " + token.header() + " token is not the one agreed for this webhook");
        }
    }
}
