package dev.dovetail.server.audit;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The append-only audit log: who did what to which target, from where. Entries are only ever
 * inserted; nothing in the hub updates or deletes them.
 */
public final class AuditLog {
    /** Actor name for what the hub does by itself (e.g. accepting a workspace edit). */
    public static final String SYSTEM = "system";

    private static final Logger log = LoggerFactory.getLogger("dovetail.audit");

    private final JdbcClient jdbc;
    private final Clock clock;

    public AuditLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void record(String actor, String action, String target, String detail, String ip) {
        var at = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        jdbc.sql("insert into audit_log (at, actor, action, target, detail, ip) values (?, ?, ?, ?, ?, ?)")
                .params(at, clip(actor, 100), clip(action, 60), clip(target, 300), clip(detail, 2000), clip(ip, 64))
                .update();
        log.info("{} {} {}{}{}", actor, action, target == null ? "-" : target,
                detail == null ? "" : " (" + detail + ")", ip == null ? "" : " from " + ip);
    }

    /** The newest entries first. */
    public List<AuditEntry> latest(int limit) {
        return jdbc.sql("select id, at, actor, action, target, detail, ip from audit_log order by id desc")
                .withMaxRows(Math.clamp(limit, 1, 1000))
                .query((rs, n) -> new AuditEntry(rs.getLong("id"), rs.getObject("at", OffsetDateTime.class).toInstant(),
                        rs.getString("actor"), rs.getString("action"), rs.getString("target"), rs.getString("detail"),
                        rs.getString("ip")))
                .list();
    }

    private static String clip(String value, int max) {
        if (value == null) return null;
        return value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }
}
