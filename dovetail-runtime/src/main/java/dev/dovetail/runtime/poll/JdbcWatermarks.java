package dev.dovetail.runtime.poll;

import static java.util.Objects.requireNonNull;

import dev.dovetail.model.EventRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Watermarks in the table {@code poll_watermark} (Flyway {@code V150__polling.sql}), one row per source
 * system and event. Plain JDBC, one auto-committed statement per call; H2 and PostgreSQL.
 */
public final class JdbcWatermarks implements Watermarks {
    /** The longest watermark value stored. */
    public static final int MAX_VALUE = 1000;

    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final Clock clock;

    public JdbcWatermarks(DataSource dataSource, Clock clock) {
        this.dataSource = requireNonNull(dataSource, "dataSource");
        this.clock = requireNonNull(clock, "clock");
    }

    public JdbcWatermarks(DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    @Override
    public Optional<String> find(EventRef source) {
        requireNonNull(source, "source");
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT watermark_value FROM poll_watermark WHERE source_system = ? AND event_name = ?")) {
            ps.setString(1, source.system());
            ps.setString(2, source.event());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the watermark of " + source + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void save(EventRef source, String value) {
        requireNonNull(source, "source");
        requireNonNull(value, "value");
        if (value.length() > MAX_VALUE) {
            throw new IllegalArgumentException("the watermark of " + source + " is longer than " + MAX_VALUE + " characters");
        }
        var now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        try (Connection c = dataSource.getConnection()) {
            if (update(c, source, value, now) > 0) {
                return;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO poll_watermark"
                    + " (source_system, event_name, watermark_value, updated_at) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, source.system());
                ps.setString(2, source.event());
                ps.setString(3, value);
                ps.setObject(4, now);
                ps.executeUpdate();
            } catch (SQLException e) {
                // another node inserted the row first
                if (!UNIQUE_VIOLATION.equals(e.getSQLState()) || update(c, source, value, now) == 0) {
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the watermark of " + source + ": " + e.getMessage(), e);
        }
    }

    private static int update(Connection c, EventRef source, String value, OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE poll_watermark SET watermark_value = ?, updated_at = ?"
                + " WHERE source_system = ? AND event_name = ?")) {
            ps.setString(1, value);
            ps.setObject(2, now);
            ps.setString(3, source.system());
            ps.setString(4, source.event());
            return ps.executeUpdate();
        }
    }
}
