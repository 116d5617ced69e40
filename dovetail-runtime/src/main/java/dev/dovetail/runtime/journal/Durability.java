package dev.dovetail.runtime.journal;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Makes "committed" mean "on disk" for the database at hand, checked once when the journal opens.
 *
 * <p>H2 (MVStore) acknowledges a commit before writing it: a background thread stores the changes
 * {@code WRITE_DELAY} ms later (500 by default), so a killed process loses the last moments of
 * "committed" work. MVStore never forces the file to the device on commit either; only
 * {@code CHECKPOINT SYNC} does ({@code FileChannel.force}). So on an H2 file database the journal runs
 * {@code CHECKPOINT SYNC} after each batch that holds appends — one write and one fsync per batch, shared by
 * every event in it — and {@code CHECKPOINT} (a write without fsync) after its other batches, so none of its
 * own commits is left to the background writer.
 *
 * <p>The write delay itself should stay above zero: the background writer is also what compacts the file,
 * and with {@code WRITE_DELAY=0} MVStore runs none, so the file grows without bound under steady traffic
 * (docs/adr/0014-h2-store-settings.md). With {@code WRITE_DELAY=0} the journal skips its {@code CHECKPOINT}s
 * (every commit is written anyway) and warns.
 *
 * <p>PostgreSQL flushes the WAL on commit while {@code synchronous_commit} is on; if the server or role
 * turned it off, the journal turns it on for its own transactions.
 */
final class Durability {

    private static final System.Logger LOG = System.getLogger(Durability.class.getName());

    private final String afterAppends;
    private final String afterChanges;
    private final boolean forceSynchronousCommit;

    private Durability(String afterAppends, String afterChanges, boolean forceSynchronousCommit) {
        this.afterAppends = afterAppends;
        this.afterChanges = afterChanges;
        this.forceSynchronousCommit = forceSynchronousCommit;
    }

    static Durability check(Connection connection, Dialect dialect, boolean syncEachBatch) throws SQLException {
        return switch (dialect) {
            case H2 -> checkH2(connection, syncEachBatch);
            case POSTGRESQL -> checkPostgres(connection);
        };
    }

    private static Durability checkH2(Connection connection, boolean syncEachBatch) throws SQLException {
        String url = connection.getMetaData().getURL();
        if (url.contains(":mem:")) {
            LOG.log(Level.WARNING, "The journal is on an in-memory H2 database: nothing survives a restart");
            return new Durability(null, null, false);
        }
        String writeDelay = setting(connection,
                "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'");
        boolean writtenOnCommit = "0".equals(writeDelay);
        if (writtenOnCommit) {
            LOG.log(Level.WARNING, "H2 WRITE_DELAY is 0: MVStore runs no background writer, which is what compacts the"
                    + " file, so it grows without bound under steady traffic; use a small write delay such as"
                    + " ;WRITE_DELAY=100 (the journal checkpoints its own commits)");
        }
        String afterAppends = syncEachBatch ? "CHECKPOINT SYNC" : writtenOnCommit ? null : "CHECKPOINT";
        String afterChanges = writtenOnCommit ? null : "CHECKPOINT";
        for (String command : new String[] {afterAppends, afterChanges}) {
            if (command != null) {
                try {
                    GroupCommitter.execute(connection, command);
                } catch (SQLException e) {
                    throw new IllegalStateException("The journal makes its commits durable with " + command
                            + ", which needs an H2 user with admin rights: " + e.getMessage(), e);
                }
            }
        }
        return new Durability(afterAppends, afterChanges, false);
    }

    private static Durability checkPostgres(Connection connection) throws SQLException {
        if ("off".equalsIgnoreCase(setting(connection, "SHOW fsync"))) {
            LOG.log(Level.WARNING, "PostgreSQL runs with fsync=off: committed events can be lost in a crash");
        }
        String synchronousCommit = setting(connection, "SHOW synchronous_commit").toLowerCase(Locale.ROOT);
        boolean force = synchronousCommit.equals("off");
        if (force) {
            LOG.log(Level.INFO, "synchronous_commit is off; the journal turns it on for its own transactions");
        }
        return new Durability(null, null, force);
    }

    /** Called inside the batch transaction before writing. */
    void beforeWrite(Connection connection) throws SQLException {
        if (forceSynchronousCommit) {
            GroupCommitter.execute(connection, "SET LOCAL synchronous_commit TO on");
        }
    }

    /** Called after a batch committed: from here on its changes are in the file (and, with appends, on the device). */
    void afterCommit(Connection connection, boolean appended) throws SQLException {
        String command = appended ? afterAppends : afterChanges;
        if (command != null) {
            GroupCommitter.execute(connection, command);
        }
    }

    private static String setting(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : "";
        }
    }
}
