package dev.dovetail.runtime.journal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** The two databases the journal runs on, and the few places where they differ. */
enum Dialect {
    H2,
    POSTGRESQL;

    static Dialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("h2")) {
            return H2;
        }
        if (product.contains("postgres")) {
            return POSTGRESQL;
        }
        throw new IllegalStateException("The journal runs on H2 or PostgreSQL, not on " + product);
    }

    /**
     * An insert that skips a row whose dedup key exists. PostgreSQL does it in the statement
     * (and waits for a concurrent inserter of the same key); H2 has no such clause outside its
     * PostgreSQL mode, so there the journal looks first and a racing insert fails with a unique
     * violation, after which the batch is retried and finds the other row.
     */
    String insertSuffix() {
        return this == POSTGRESQL ? " ON CONFLICT (dedup_key, source_system, event_name) DO NOTHING" : "";
    }
}
