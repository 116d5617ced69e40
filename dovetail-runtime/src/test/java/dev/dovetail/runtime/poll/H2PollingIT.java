package dev.dovetail.runtime.poll;

import dev.dovetail.runtime.journal.TestDatabase;

class H2PollingIT extends PollingContract {

    @Override
    protected TestDatabase openDatabase() {
        return TestDatabase.h2();
    }
}
