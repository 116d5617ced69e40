package dev.dovetail.runtime.journal;

class H2JournalTest extends JournalContract {

    @Override
    protected TestDatabase openDatabase() {
        return TestDatabase.h2();
    }
}
