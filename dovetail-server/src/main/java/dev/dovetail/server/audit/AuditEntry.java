package dev.dovetail.server.audit;

import java.time.Instant;

/** One line of the append-only audit log. {@code at} is UTC. */
public record AuditEntry(long id, Instant at, String actor, String action, String target, String detail, String ip) {}
