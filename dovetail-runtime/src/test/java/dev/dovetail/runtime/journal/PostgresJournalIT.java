package dev.dovetail.runtime.journal;

class PostgresJournalIT extends JournalContract {

    @Override
    protected TestDatabase openDatabase() {
        return TestDatabase.postgres();
    }
}
