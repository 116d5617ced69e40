package dev.dovetail.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.spi.DeliveryOutcome;
import dev.dovetail.spi.OperationCall;
import dev.dovetail.spi.RequestBody;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reader polling the folder while files are written never sees one half written. */
class AtomicWriteTest {

    private static final int SIZE = 512 * 1024;

    @TempDir
    Path root;

    @Test
    void a_concurrent_reader_sees_no_file_or_a_complete_one_never_a_partial_one() throws Exception {
        var options = new FileWriteOptions("inbox", "{orderNo}.csv", TableFormat.Csv.defaults(FileCharset.UTF_8), List.of(), null);
        var invoker = new FileInvoker(LocalFiles.wms(root, options,
                LocalFiles.confirmations(TableFormat.Csv.defaults(FileCharset.UTF_8), null)), new LocalFileStore(root));
        var done = new AtomicBoolean();
        var reads = new AtomicInteger();
        var partial = new ArrayList<String>();
        var reader = Thread.ofPlatform().start(() -> {
            var store = new LocalFileStore(root);
            while (!done.get()) {
                try {
                    for (var file : store.list("inbox")) {
                        if (file.name().startsWith(".")) {
                            continue; // a reader skips temporary names
                        }
                        byte[] bytes;
                        try {
                            bytes = Files.readAllBytes(root.resolve(file.path()));
                        } catch (NoSuchFileException replaced) {
                            continue;
                        }
                        reads.incrementAndGet();
                        if (!complete(bytes)) {
                            synchronized (partial) {
                                partial.add(file.name() + " with " + bytes.length + " bytes");
                            }
                        }
                    }
                } catch (Exception e) {
                    synchronized (partial) {
                        partial.add(e.toString());
                    }
                }
            }
        });
        try {
            for (int i = 0; i < 40; i++) {
                var outcome = invoker.invoke(OperationCall.of("wms", "writeShipmentOrder")
                        .withPathParam("orderNo", "XS" + (i % 3))
                        .withBody(RequestBody.raw(content((byte) ('a' + i % 26)), "text/csv")));
                assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
            }
            var deadline = System.nanoTime() + 5_000_000_000L;
            while (reads.get() < 20 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        } finally {
            done.set(true);
            reader.join();
        }
        assertThat(reads.get()).as("the reader read files while they were being replaced").isGreaterThanOrEqualTo(20);
        assertThat(partial).isEmpty();
        assertThat(FileInvokerTest.filesUnder(root.resolve("inbox"))).containsExactly("XS0.csv", "XS1.csv", "XS2.csv");
    }

    private static byte[] content(byte fill) {
        var bytes = new byte[SIZE];
        Arrays.fill(bytes, fill);
        var end = "\r\nEND\r\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(end, 0, bytes, SIZE - end.length, end.length);
        return bytes;
    }

    private static boolean complete(byte[] bytes) {
        if (bytes.length != SIZE) {
            return false;
        }
        var fill = bytes[0];
        for (int i = 0; i < SIZE - 7; i++) {
            if (bytes[i] != fill) {
                return false;
            }
        }
        return new String(bytes, SIZE - 7, 7, StandardCharsets.US_ASCII).equals("\r\nEND\r\n");
    }
}
