package dev.dovetail.runtime.dispatch;

import dev.dovetail.runtime.journal.TestDatabase;

class PostgresDispatcherIT extends DispatcherContract {

    @Override
    protected TestDatabase openDatabase() {
        return TestDatabase.postgres();
    }
}
