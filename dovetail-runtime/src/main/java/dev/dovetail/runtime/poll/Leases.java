package dev.dovetail.runtime.poll;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbc.JdbcLockProvider;

/**
 * Leases on sources, so one node of a cluster runs a source's tick: ShedLock's plain JDBC provider on the
 * table {@code shedlock} of the shared database (docs/adr/0009-poller-lease.md).
 */
final class Leases {
    static final String TABLE = "shedlock";

    private final LockProvider provider;

    Leases(DataSource dataSource) {
        this.provider = new JdbcLockProvider(dataSource, TABLE);
    }

    /**
     * Takes the lease {@code name} if no node holds it. It holds for at most {@code atMost} unless renewed;
     * once released it still holds until {@code keepUntil}, so a node whose clock is a little behind does
     * not run the same tick again.
     */
    Optional<Lease> acquire(String name, Duration atMost, Instant keepUntil) {
        Instant now = ClockProvider.now();
        return provider.lock(new LockConfiguration(now, name, atMost, until(now, keepUntil, atMost)))
                .map(lock -> new Lease(lock, now, atMost, keepUntil));
    }

    /** From {@code now} to {@code keepUntil}, within 0..{@code atMost} (ShedLock's lockAtLeastFor). */
    private static Duration until(Instant now, Instant keepUntil, Duration atMost) {
        Duration left = Duration.between(now, keepUntil);
        if (left.isNegative()) return Duration.ZERO;
        return left.compareTo(atMost) > 0 ? atMost : left;
    }

    /** A held lease. Not thread-safe: one run uses it. */
    static final class Lease {
        private SimpleLock lock;
        private Instant renewedAt;
        private final Duration atMost;
        private final Instant keepUntil;

        private Lease(SimpleLock lock, Instant acquiredAt, Duration atMost, Instant keepUntil) {
            this.lock = lock;
            this.renewedAt = acquiredAt;
            this.atMost = atMost;
            this.keepUntil = keepUntil;
        }

        /**
         * Renews the lease once half of it has passed. False when it could not be renewed: it expired and
         * another node may hold it now, so the run must stop.
         */
        boolean renewIfDue() {
            Instant now = ClockProvider.now();
            if (Duration.between(renewedAt, now).compareTo(atMost.dividedBy(2)) < 0) {
                return true;
            }
            Optional<SimpleLock> renewed;
            try {
                renewed = lock.extend(atMost, until(now, keepUntil, atMost));
            } catch (RuntimeException e) {
                renewed = Optional.empty();
            }
            if (renewed.isEmpty()) {
                return false;
            }
            lock = renewed.get();
            renewedAt = now;
            return true;
        }

        /** Releases the lease; it still holds until the instant given when it was taken. */
        void release() {
            try {
                lock.unlock();
            } catch (RuntimeException e) {
                // the lease then ends by itself when it expires
                System.getLogger(Leases.class.getName()).log(System.Logger.Level.WARNING, "Releasing a poll lease failed", e);
            }
        }
    }
}
