package dev.dovetail.runtime.dispatch;

import dev.dovetail.runtime.journal.TestDatabase;

class H2DispatcherTest extends DispatcherContract {

    @Override
    protected TestDatabase openDatabase() {
        return TestDatabase.h2();
    }

    @Override
    protected boolean claimsAtAppend() {
        return true;
    }
}
