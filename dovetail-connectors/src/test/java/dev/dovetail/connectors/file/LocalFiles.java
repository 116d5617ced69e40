package dev.dovetail.connectors.file;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Configurations for tests on a local folder: a WMS-like system with an inbox and an outbox. */
final class LocalFiles {

    private LocalFiles() {}

    static FileWriteOptions shipmentOrders(TableFormat format) {
        return new FileWriteOptions("inbox", "{orderNo}." + (format instanceof TableFormat.Xlsx ? "xlsx" : "csv"), format,
                List.of(), FileWriteOptions.IfExists.OVERWRITE);
    }

    static FileSystemConfig wms(Path root, FileWriteOptions write, FileReadOptions read) {
        return new FileSystemConfig("wms", new FileSystemConfig.Location.Local(root),
                Map.of("writeShipmentOrder", write), Map.of("shipment-confirmed", read), null, Duration.ofDays(30));
    }

    static FileReadOptions confirmations(TableFormat format, FileReadOptions.ReadLock readLock) {
        return new FileReadOptions("outbox", "*", format, null, null, null, null, null, readLock,
                FileReadOptions.DEFAULT_MAX_FILE_SIZE, FileReadOptions.DEFAULT_MAX_ROWS, FileReadOptions.DEFAULT_MAX_FILES, null);
    }
}
