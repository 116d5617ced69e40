package dev.dovetail.sandbox.oa;

import dev.dovetail.sandbox.common.JsonTable;
import dev.dovetail.sandbox.common.Request;
import dev.dovetail.sandbox.common.Signatures;
import dev.dovetail.sandbox.common.StateDir;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code gettoken} with appkey/appsecret; calls carry {@code ?access_token=}. Tokens survive a restart. */
final class AccessTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JsonTable tokens;
    private final String appKey;
    private final String appSecret;
    private final Duration ttl;
    private final Clock clock;

    AccessTokens(StateDir state, String appKey, String appSecret, Duration ttl, Clock clock) {
        this.tokens = JsonTable.open(state, "tokens", "token");
        this.appKey = appKey;
        this.appSecret = appSecret;
        this.ttl = ttl;
        this.clock = clock;
    }

    Map<String, Object> issue(Request request) {
        String key = request.queryParam("appkey").orElse(null);
        String secret = request.queryParam("appsecret").orElse(null);
        if (key == null || secret == null) {
            throw OaErrors.error(OaErrors.INVALID_PARAMETER, "缺少参数 appkey 或 appsecret (missing appkey or appsecret)");
        }
        if (!appKey.equals(key) || !Signatures.equalsConstantTime(appSecret, secret)) {
            throw OaErrors.error(OaErrors.INVALID_APP, "不合法的appkey或appsecret (invalid appkey or appsecret)");
        }
        long now = clock.millis();
        tokens.find(t -> ((Number) t.get("expiresAt")).longValue() <= now)
                .forEach(t -> tokens.remove((String) t.get("token")));
        byte[] raw = new byte[16];
        RANDOM.nextBytes(raw);
        String token = HexFormat.of().formatHex(raw);
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("token", token);
        stored.put("appKey", key);
        stored.put("expiresAt", now + ttl.toMillis());
        tokens.put(stored);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("errcode", 0);
        answer.put("errmsg", "ok");
        answer.put("access_token", token);
        answer.put("expires_in", ttl.toSeconds());
        return answer;
    }

    /** Checks {@code ?access_token=}; a business error (HTTP 200, errcode 40014 / 42001) otherwise. */
    void check(Request request) {
        String token = request.queryParam("access_token").orElseThrow(
                () -> OaErrors.error(OaErrors.INVALID_TOKEN, "缺少access_token (access_token is required)"));
        Map<String, Object> stored = tokens.get(token).orElseThrow(
                () -> OaErrors.error(OaErrors.INVALID_TOKEN, "不合法的access_token (invalid access_token)"));
        if (((Number) stored.get("expiresAt")).longValue() <= clock.millis()) {
            throw OaErrors.error(OaErrors.EXPIRED_TOKEN, "access_token超时 (access_token expired)");
        }
    }

    void clear() {
        tokens.clear();
    }
}
