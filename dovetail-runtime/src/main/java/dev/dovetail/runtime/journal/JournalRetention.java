package dev.dovetail.runtime.journal;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Removes finished entries once they are old enough: DONE and DISCARDED entries whose
 * {@code finished_at} is older than {@code keepFinished}. Dead letters stay until an operator replays
 * or discards them. Deletes in batches of {@code batchSize} rows, each its own transaction, so a large
 * clean-up never holds long locks. Call {@link #purge()} on a schedule.
 */
public final class JournalRetention {

    private static final String DELETE = "DELETE FROM journal_entry WHERE seq IN (SELECT seq FROM journal_entry"
            + " WHERE finished_at < ? AND status IN ('DONE', 'DISCARDED') ORDER BY finished_at FETCH FIRST ? ROWS ONLY)";

    private final DataSource dataSource;
    private final Duration keepFinished;
    private final int batchSize;
    private final Clock clock;

    public JournalRetention(DataSource dataSource, Duration keepFinished, int batchSize, Clock clock) {
        this.dataSource = requireNonNull(dataSource, "dataSource");
        this.keepFinished = requireNonNull(keepFinished, "keepFinished");
        this.clock = requireNonNull(clock, "clock");
        if (keepFinished.isNegative() || batchSize < 1) {
            throw new IllegalArgumentException("keepFinished must not be negative and batchSize must be positive");
        }
        this.batchSize = batchSize;
    }

    /**
     * Deletes old finished entries batch by batch until none is left (or {@code maxBatches} ran).
     *
     * @return how many entries were deleted
     */
    public int purge(int maxBatches) {
        Instant cutoff = Jdbc.micros(clock.instant().minus(keepFinished));
        int total = 0;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement ps = connection.prepareStatement(DELETE)) {
            for (int batch = 0; batch < maxBatches; batch++) {
                Jdbc.setInstant(ps, 1, cutoff);
                ps.setInt(2, batchSize);
                int deleted = ps.executeUpdate();
                total += deleted;
                if (deleted < batchSize) {
                    break;
                }
            }
            return total;
        } catch (SQLException e) {
            throw new JournalUnavailable("journal clean-up failed after " + total + " entries: " + e.getMessage(), e);
        }
    }

    /** {@link #purge(int)} without a batch limit. */
    public int purge() {
        return purge(Integer.MAX_VALUE);
    }
}
