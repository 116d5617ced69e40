package dev.dovetail.sandbox.crm;

import dev.dovetail.sandbox.common.HttpProblem;
import dev.dovetail.sandbox.common.JsonTable;
import dev.dovetail.sandbox.common.Request;
import dev.dovetail.sandbox.common.Signatures;
import dev.dovetail.sandbox.common.StateDir;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * OAuth2 client-credentials grant (RFC 6749 §4.4): one confidential client, opaque bearer tokens
 * that expire, kept in the state folder so a restart does not log clients out.
 */
final class OAuthTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JsonTable tokens;
    private final String clientId;
    private final String clientSecret;
    private final Duration ttl;
    private final Clock clock;

    OAuthTokens(StateDir state, String clientId, String clientSecret, Duration ttl, Clock clock) {
        this.tokens = JsonTable.open(state, "tokens", "token");
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** Answers {@code POST /api/oauth/token}: form fields or HTTP Basic for the client. */
    Map<String, Object> issue(Request request) {
        Map<String, String> form = request.formBody();
        String grant = form.get("grant_type");
        String id = form.get("client_id");
        String secret = form.get("client_secret");
        Optional<String> basic = request.header("Authorization")
                .filter(h -> h.regionMatches(true, 0, "Basic ", 0, 6));
        if (basic.isPresent()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(basic.get().substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw invalidClient();
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw invalidClient();
            }
            id = java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            secret = java.net.URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
        }
        if (grant == null) {
            throw new HttpProblem(400, "invalid_request", "grant_type is required");
        }
        if (!grant.equals("client_credentials")) {
            throw new HttpProblem(400, "unsupported_grant_type", "only client_credentials is supported");
        }
        if (!clientId.equals(id) || !Signatures.equalsConstantTime(clientSecret, secret)) {
            throw invalidClient();
        }
        long now = clock.millis();
        tokens.find(t -> ((Number) t.get("expiresAt")).longValue() <= now)
                .forEach(t -> tokens.remove((String) t.get("token")));
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("token", token);
        stored.put("clientId", id);
        stored.put("expiresAt", now + ttl.toMillis());
        tokens.put(stored);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", token);
        answer.put("token_type", "Bearer");
        answer.put("expires_in", ttl.toSeconds());
        answer.put("scope", "crm");
        return answer;
    }

    /** The client a bearer token belongs to, or 401. */
    String authenticate(Request request) {
        String header = request.header("Authorization").orElse("");
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthorized("invalid_request", "a bearer token is required (POST /api/oauth/token)");
        }
        String token = header.substring(7).trim();
        Map<String, Object> stored = tokens.get(token)
                .orElseThrow(() -> unauthorized("invalid_token", "unknown access token"));
        if (((Number) stored.get("expiresAt")).longValue() <= clock.millis()) {
            throw unauthorized("invalid_token", "the access token expired");
        }
        return (String) stored.get("clientId");
    }

    void clear() {
        tokens.clear();
    }

    private static HttpProblem invalidClient() {
        return new HttpProblem(401, "invalid_client", "unknown client or wrong secret",
                Map.of("WWW-Authenticate", "Basic realm=\"crm\""));
    }

    private static HttpProblem unauthorized(String code, String message) {
        return new HttpProblem(401, code, message,
                Map.of("WWW-Authenticate", "Bearer realm=\"crm\", error=\"" + code + "\""));
    }
}
