package dev.dovetail.sandbox.wms;

import dev.dovetail.sandbox.common.Stats;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Ships received batches when their time has come and writes one confirmation file per batch to
 * {@code outbox/}: {@code shipment-<yyyyMMddHHmmss>-<batch>.csv} with the header
 * {@code orderNo,shippedAt,trackingNo,carrier,status}. Name and content follow from the stored
 * batch, so a confirmation rewritten after a crash is the same file.
 */
final class ShippingDesk {

    static final List<String> HEADER = List.of("orderNo", "shippedAt", "trackingNo", "carrier", "status");

    private final WmsFolders folders;
    private final FileCharset charset;
    private final WmsStore store;
    private final Clock clock;
    private final Stats stats;

    ShippingDesk(WmsFolders folders, FileCharset charset, WmsStore store, Clock clock, Stats stats) {
        this.folders = folders;
        this.charset = charset;
        this.store = store;
        this.clock = clock;
        this.stats = stats;
    }

    void shipDue() throws IOException {
        for (WmsStore.Batch batch : store.due(clock.instant())) {
            List<List<String>> rows = new ArrayList<>();
            rows.add(HEADER);
            String shippedAt = Timestamps.text(batch.dueAt());
            for (WmsStore.Shipment shipment : batch.shipments()) {
                rows.add(List.of(shipment.orderNo(), shippedAt, shipment.trackingNo(), shipment.carrier(), "SHIPPED"));
            }
            String name = "shipment-" + Timestamps.compact(batch.dueAt()) + "-%06d.csv".formatted(batch.id());
            WmsFolders.writeAtomically(folders.outbox(), name, charset.encode(CsvText.write(rows)));
            store.shipped(batch, name);
            stats.increment("wms.confirmations.written");
            stats.add("wms.orders.shipped", batch.shipments().size());
        }
    }
}
