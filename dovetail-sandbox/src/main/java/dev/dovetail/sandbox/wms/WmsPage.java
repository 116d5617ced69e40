package dev.dovetail.sandbox.wms;

import dev.dovetail.sandbox.common.HtmlPage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The read-only page at {@code /}: the files in each folder, recent shipments and the stock. */
final class WmsPage {

    private static final int SHOWN = 50;

    private WmsPage() {}

    static String render(WmsFolders folders, WmsStore store, FileCharset charset, String sftpUrl) {
        return HtmlPage.titled("Sandbox WMS (CSV over SFTP)")
                .paragraph("SFTP: " + sftpUrl + " · files in " + charset.optionValue()
                        + " · orders go to inbox/, confirmations and stock counts come from outbox/")
                .table("inbox/ (waiting)", List.of("file", "bytes", "modified"), files(folders.inbox()))
                .table("outbox/", List.of("file", "bytes", "modified"), files(folders.outbox()))
                .table("inbox/error/", List.of("file", "bytes", "modified"), files(folders.error()))
                .table("inbox/processed/, newest " + SHOWN, List.of("file", "bytes", "modified"),
                        files(folders.processed()))
                .table("Shipments, newest " + SHOWN,
                        List.of("orderNo", "customerCode", "address", "status", "carrier", "trackingNo", "order file",
                                "confirmation file", "lines"),
                        store.recentShipments(SHOWN))
                .table("Stock", List.of("sku", "warehouse", "qty"),
                        store.stock().stream().map(r -> List.<Object>of(r.sku(), r.warehouse(), r.qty())).toList())
                .render();
    }

    private static List<List<Object>> files(Path dir) {
        List<List<Object>> rows = new ArrayList<>();
        List<Path> files = new ArrayList<>(WmsFolders.files(dir));
        files.sort(Comparator.comparing(WmsPage::modified).reversed());
        for (Path file : files.subList(0, Math.min(SHOWN, files.size()))) {
            try {
                rows.add(List.of(file.getFileName().toString(), Files.size(file), Timestamps.text(modified(file))));
            } catch (IOException e) {
                // gone meanwhile
            }
        }
        return rows;
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }
}
