package dev.dovetail.sandbox.wms;

import dev.dovetail.sandbox.common.Stats;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Writes the stock as {@code outbox/stock-<yyyyMMddHHmmss>.csv}: {@code sku,warehouse,qty,countedAt}. */
final class StockCount {

    static final List<String> HEADER = List.of("sku", "warehouse", "qty", "countedAt");

    private final WmsFolders folders;
    private final FileCharset charset;
    private final WmsStore store;
    private final Clock clock;
    private final Stats stats;

    StockCount(WmsFolders folders, FileCharset charset, WmsStore store, Clock clock, Stats stats) {
        this.folders = folders;
        this.charset = charset;
        this.store = store;
        this.clock = clock;
        this.stats = stats;
    }

    /** Writes a count now and returns the file name. */
    String countNow() throws IOException {
        Instant now = clock.instant();
        String countedAt = Timestamps.text(now);
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (WmsStore.StockRow row : store.stock()) {
            rows.add(List.of(row.sku(), row.warehouse(), Long.toString(row.qty()), countedAt));
        }
        String name = "stock-" + Timestamps.compact(now) + ".csv";
        for (int i = 1; Files.exists(folders.outbox().resolve(name)); i++) {
            name = "stock-" + Timestamps.compact(now) + "-" + i + ".csv";
        }
        WmsFolders.writeAtomically(folders.outbox(), name, charset.encode(CsvText.write(rows)));
        stats.increment("wms.stockCounts.written");
        return name;
    }
}
