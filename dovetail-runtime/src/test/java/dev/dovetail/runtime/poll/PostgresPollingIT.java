package dev.dovetail.runtime.poll;

import dev.dovetail.runtime.journal.TestDatabase;

/** Needs the local PostgreSQL at 127.0.0.1:5432 (user postgres); each run creates and drops its own database. */
class PostgresPollingIT extends PollingContract {

    @Override
    protected TestDatabase openDatabase() {
        return TestDatabase.postgres();
    }
}
