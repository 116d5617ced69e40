package dev.dovetail.sandbox.erp;

import dev.dovetail.sandbox.common.Faults;
import java.sql.SQLException;

/**
 * Follows the injected "down" window: closes the database port when it opens and serves again
 * when it ends, so an integration reading the database sees the outage the SOAP clients see.
 */
final class DatabaseOutage implements AutoCloseable {

    private static final long CHECK_EVERY_MS = 100;

    private final Thread watcher;
    private volatile boolean running = true;

    private DatabaseOutage(ErpDatabase database, Faults faults) {
        this.watcher = Thread.ofVirtual().name("erp-db-outage").unstarted(() -> follow(database, faults));
    }

    static DatabaseOutage watch(ErpDatabase database, Faults faults) {
        var outage = new DatabaseOutage(database, faults);
        outage.watcher.start();
        return outage;
    }

    private void follow(ErpDatabase database, Faults faults) {
        while (running) {
            boolean down = faults.isDown();
            if (down && database.portOpen()) {
                database.closePort();
            } else if (!down && !database.portOpen()) {
                try {
                    database.openPort();
                } catch (SQLException e) {
                    // the port may still be held by the closing socket; the next round retries
                }
            }
            try {
                Thread.sleep(CHECK_EVERY_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        watcher.interrupt();
        try {
            watcher.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
