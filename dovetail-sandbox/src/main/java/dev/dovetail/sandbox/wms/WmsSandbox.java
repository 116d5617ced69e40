package dev.dovetail.sandbox.wms;

import dev.dovetail.sandbox.common.HttpProblem;
import dev.dovetail.sandbox.common.HttpSandbox;
import dev.dovetail.sandbox.common.Request;
import dev.dovetail.sandbox.common.Response;
import dev.dovetail.sandbox.common.Router;
import dev.dovetail.sandbox.common.SandboxOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A warehouse management system that talks in CSV files over SFTP: shipment orders arrive in
 * {@code inbox/}, shipment confirmations and stock counts leave through {@code outbox/}. The HTTP
 * port serves only the page and the control endpoints.
 *
 * <p>Options: {@code --port} (HTTP, default 9314), {@code --sftp-port} (default 9304; when absent
 * and {@code --port 0} is given, any free port), {@code --sftp-password} (else environment variable
 * {@code WMS_SFTP_PASSWORD}, else {@code wms-password}), {@code --charset GBK|UTF-8-BOM} (default
 * UTF-8-BOM), {@code --ship-delay-ms} (default 2000), {@code --poll-ms} (inbox scan interval,
 * default 500), {@code --stock-count-every-seconds} (default 60, 0 = only on request),
 * {@code --seed} (seed when the WMS has no stock and no shipments).
 *
 * <p>Own control endpoints: {@code POST /_control/stock-count} (write a stock count now) and
 * {@code POST /_control/stock} ({@code {"sku", "warehouse"?, "qty" | "delta"}}).
 */
public final class WmsSandbox extends HttpSandbox {

    public static final int DEFAULT_PORT = 9314;
    public static final int DEFAULT_SFTP_PORT = 9304;

    private final Clock clock;
    private final ReentrantLock work = new ReentrantLock();
    private FileCharset charset;
    private WmsStore store;
    private WmsFolders folders;
    private Inbox inbox;
    private ShippingDesk desk;
    private StockCount stockCount;
    private SftpDoor sftp;
    private Thread worker;
    private volatile boolean running;

    public WmsSandbox(SandboxOptions options) {
        this(options, Clock.systemUTC());
    }

    WmsSandbox(SandboxOptions options, Clock clock) {
        super("wms", DEFAULT_PORT, options);
        this.clock = clock;
    }

    /** The SFTP port (user {@code wms}). */
    public int sftpPort() {
        return running().port();
    }

    /** The folder served as the SFTP root (holds {@code inbox/} and {@code outbox/}). */
    public Path filesRoot() {
        return folders.root();
    }

    @Override
    public Map<String, String> endpoints() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("sftp", "sftp://" + SftpDoor.USER + "@127.0.0.1:" + sftpPort());
        return out;
    }

    @Override
    protected void onStart() throws IOException {
        SandboxOptions o = options();
        charset = FileCharset.of(o.value("charset", FileCharset.UTF_8_BOM.optionValue()));
        Duration shipDelay = Duration.ofMillis(nonNegative(o.longValue("ship-delay-ms", 2_000), "ship-delay-ms"));
        long pollMs = Math.max(10, o.longValue("poll-ms", 500));
        long countEvery = nonNegative(o.longValue("stock-count-every-seconds", 60), "stock-count-every-seconds");
        int defaultSftpPort = o.port().isPresent() && o.port().getAsInt() == 0 ? 0 : DEFAULT_SFTP_PORT;
        int sftpPort = o.intValue("sftp-port", defaultSftpPort);
        String password = o.valueOrEnv("sftp-password", "WMS_SFTP_PASSWORD", "wms-password");

        Path db = state().resolve("db");
        Files.createDirectories(db);
        store = WmsStore.open(db);
        folders = WmsFolders.under(state().resolve("sftp"));
        inbox = new Inbox(folders, charset, store, clock, shipDelay, stats());
        desk = new ShippingDesk(folders, charset, store, clock, stats());
        stockCount = new StockCount(folders, charset, store, clock, stats());
        if (o.flag("seed") && store.stock().isEmpty() && store.count("SELECT COUNT(*) FROM SHIPMENT") == 0) {
            seed();
        }
        try {
            sftp = SftpDoor.open(sftpPort, password, state().resolve("ssh_host_key"), folders.root(), faults(), stats());
        } catch (RuntimeException e) {
            store.close(); // onStop() is not called when start() fails
            store = null;
            throw e;
        }
        running = true;
        worker = Thread.ofVirtual().name("wms-worker").start(() -> work(pollMs, countEvery));
    }

    @Override
    protected void onStop() {
        running = false;
        if (worker != null) {
            worker.interrupt();
            try {
                worker.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (sftp != null) {
            sftp.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Override
    protected void routes(Router router) {
        router.post("/_control/stock-count", request -> {
            work.lock();
            try {
                return Response.json(Map.of("file", stockCount.countNow()));
            } finally {
                work.unlock();
            }
        });
        router.post("/_control/stock", this::changeStock);
    }

    @Override
    protected void reset() {
        work.lock();
        try {
            store.clear();
            folders.empty();
            inbox.forget();
        } finally {
            work.unlock();
        }
    }

    @Override
    protected void seed() {
        work.lock();
        try {
            WmsSeed.stock().forEach(row -> store.setStock(row.sku(), row.warehouse(), row.qty()));
        } finally {
            work.unlock();
        }
    }

    @Override
    protected String page(Request request) {
        return WmsPage.render(folders, store, charset, endpoints().get("sftp"));
    }

    private Response changeStock(Request request) {
        Map<String, Object> body = request.jsonBody();
        if (!(body.get("sku") instanceof String sku) || sku.isBlank()) {
            throw HttpProblem.badRequest("sku (text) is required");
        }
        String warehouse = body.get("warehouse") instanceof String w && !w.isBlank() ? w : WmsStore.DEFAULT_WAREHOUSE;
        work.lock();
        try {
            long qty;
            if (body.get("qty") instanceof Number n) {
                store.setStock(sku, warehouse, n.longValue());
                qty = Math.max(0, n.longValue());
            } else if (body.get("delta") instanceof Number n) {
                qty = store.adjustStock(sku, warehouse, n.longValue());
            } else {
                throw HttpProblem.badRequest("give qty (new quantity) or delta (change) as a number");
            }
            stats().increment("wms.stock.changed");
            return Response.json(Map.of("sku", sku, "warehouse", warehouse, "qty", qty));
        } finally {
            work.unlock();
        }
    }

    private void work(long pollMs, long countEverySeconds) {
        Instant nextCount = countEverySeconds > 0 ? clock.instant().plusSeconds(countEverySeconds) : Instant.MAX;
        while (running) {
            try {
                Thread.sleep(pollMs);
            } catch (InterruptedException e) {
                return;
            }
            if (faults().isDown()) {
                continue; // an outage stops the warehouse, not just the door
            }
            work.lock();
            try {
                inbox.scan();
                desk.shipDue();
                if (!clock.instant().isBefore(nextCount)) {
                    stockCount.countNow();
                    nextCount = clock.instant().plusSeconds(countEverySeconds);
                }
            } catch (IOException | RuntimeException e) {
                stats().increment("wms.errors");
                System.err.println("wms: " + e);
            } finally {
                work.unlock();
            }
        }
    }

    private SftpDoor running() {
        if (sftp == null) {
            throw new IllegalStateException("wms is not started");
        }
        return sftp;
    }

    private static long nonNegative(long value, String option) {
        if (value < 0) {
            throw new IllegalArgumentException("--" + option + " must not be negative");
        }
        return value;
    }

    /** The stock of a new WMS: the ERP's materials, counted a little differently than the ERP's books. */
    static final class WmsSeed {
        private WmsSeed() {}

        static List<WmsStore.StockRow> stock() {
            String wh = WmsStore.DEFAULT_WAREHOUSE;
            return List.of(
                    new WmsStore.StockRow("WL1001", wh, 498), new WmsStore.StockRow("WL1002", wh, 1_200),
                    new WmsStore.StockRow("WL1003", wh, 80), new WmsStore.StockRow("WL1004", wh, 24),
                    new WmsStore.StockRow("WL1005", wh, 1_990), new WmsStore.StockRow("WL1006", wh, 40),
                    new WmsStore.StockRow("WL1007", wh, 600), new WmsStore.StockRow("WL1008", wh, 147));
        }
    }
}
