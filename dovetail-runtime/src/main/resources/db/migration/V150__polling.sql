-- Polling and schedules (dev.dovetail.runtime.poll; docs/adr/0009-poller-lease.md).
-- One portable script for H2 2.x and PostgreSQL.

-- How far each poll source got: the highest watermark value of the records it has completely
-- processed (read and durably journaled). Written only after a page's append is durable.
CREATE TABLE poll_watermark (
    source_system   VARCHAR(100)             NOT NULL,
    event_name      VARCHAR(100)             NOT NULL,
    watermark_value VARCHAR(1000)            NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_poll_watermark PRIMARY KEY (source_system, event_name)
);

-- ShedLock's lock table (net.javacrumbs.shedlock JdbcLockProvider): one row per lease, e.g.
-- 'poll:crm.account-changed' or 'tick:schedule.nightly-report'. The node holding a lease until
-- lock_until is the only one polling that source. With time zones, so nodes in different zones
-- agree on the instants (the provider writes java.sql.Timestamp in the JVM's zone).
CREATE TABLE shedlock (
    name       VARCHAR(255)             NOT NULL,
    lock_until TIMESTAMP WITH TIME ZONE NOT NULL,
    locked_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    locked_by  VARCHAR(255)             NOT NULL,
    CONSTRAINT pk_shedlock PRIMARY KEY (name)
);
