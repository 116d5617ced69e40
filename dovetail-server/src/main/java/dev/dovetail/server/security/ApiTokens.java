package dev.dovetail.server.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/**
 * API tokens for scripts. A token is {@code dvt_} + 256 random bits (base64url); only its SHA-256 is
 * stored, so a database dump does not reveal usable tokens.
 */
final class ApiTokens {
    static final String PREFIX = "dvt_";
    /** {@code last_used_at} is refreshed at most this often per token, not on every request. */
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ApiTokens(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    record Issued(ApiToken token, String secret) {}

    Issued issue(String name, String createdBy) {
        var bytes = new byte[32];
        random.nextBytes(bytes);
        var secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into api_tokens (name, token_hash, created_by, created_at, revoked) values (?, ?, ?, ?, false)")
                .params(name, hash(secret), createdBy, now())
                .update(keys, "id");
        long id = keys.getKeyAs(Number.class).longValue();
        return new Issued(find(id).orElseThrow(), secret);
    }

    List<ApiToken> list() {
        return jdbc.sql("select * from api_tokens order by id").query(ApiTokens::row).list();
    }

    Optional<ApiToken> find(long id) {
        return jdbc.sql("select * from api_tokens where id = ?").param(id).query(ApiTokens::row).optional();
    }

    /** The token with this secret, if it exists and is not revoked; marks it used. */
    Optional<ApiToken> use(String secret) {
        var token = jdbc.sql("select * from api_tokens where token_hash = ? and revoked = false")
                .param(hash(secret)).query(ApiTokens::row).optional();
        token.ifPresent(t -> {
            var now = now();
            if (t.lastUsedAt() == null || t.lastUsedAt().isBefore(now.toInstant().minus(TOUCH_INTERVAL))) {
                jdbc.sql("update api_tokens set last_used_at = ? where id = ?").params(now, t.id()).update();
            }
        });
        return token;
    }

    /** @return false when no token has this id */
    boolean revoke(long id) {
        var found = find(id);
        if (found.isEmpty()) return false;
        jdbc.sql("update api_tokens set revoked = true, revoked_at = ? where id = ? and revoked = false")
                .params(now(), id).update();
        return true;
    }

    static String hash(String secret) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static ApiToken row(ResultSet rs, int n) throws SQLException {
        return new ApiToken(rs.getLong("id"), rs.getString("name"), rs.getString("created_by"),
                instant(rs, "created_at"), instant(rs, "last_used_at"), rs.getBoolean("revoked"), instant(rs, "revoked_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        var value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
