package dev.dovetail.server.security;

import java.time.Instant;

/** An API token as listed: everything but the secret, which exists only in the answer that created it. */
public record ApiToken(long id, String name, String createdBy, Instant createdAt, Instant lastUsedAt,
                       boolean revoked, Instant revokedAt) {}
