package dev.dovetail.acceptance.harness;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The ERP stand-in the hub delivers to: a JDK HTTP server on a free loopback port that records every request
 * (order number, {@code Idempotency-Key}, arrival time, answer) in memory and in an append-only JSON-lines file.
 * It honours idempotency keys the way a careful target does: the first request with a key is applied (201), a
 * repeat gets 200 and changes nothing; {@link SinkLedger} counts effects by key.
 *
 * <p>Programmable faults: {@link #unavailableFor(Duration)} answers 503 for a while, {@link #reject(Collection)}
 * answers 400 for chosen order numbers, {@link #latency(Duration)} delays every answer.
 */
public final class CountingSink implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final Path recordFile;
    private final BufferedWriter writer;
    private final List<Arrival> arrivals = new ArrayList<>();
    private final Set<String> appliedKeys = new HashSet<>();
    private final Set<String> rejected = ConcurrentHashMap.newKeySet();
    private volatile long unavailableUntil = Long.MIN_VALUE;
    private volatile boolean unavailable;
    private volatile Duration latency = Duration.ZERO;
    private long seq;

    private CountingSink(Path recordFile) throws IOException {
        this.recordFile = recordFile;
        Files.createDirectories(recordFile.toAbsolutePath().getParent());
        this.writer = Files.newBufferedWriter(recordFile, UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a sink that appends its records to {@code recordFile}. */
    public static CountingSink start(Path recordFile) {
        try {
            return new CountingSink(recordFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>}: the {@code ERP_URL} of the relay workspace. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public Path recordFile() {
        return recordFile;
    }

    /** Answers 503 to everything from now for {@code window}. */
    public void unavailableFor(Duration window) {
        unavailableUntil = System.nanoTime() + window.toNanos();
        unavailable = true;
    }

    /** Ends an outage now. */
    public void available() {
        unavailable = false;
        unavailableUntil = System.nanoTime();
    }

    /** Whether the sink answers 503 right now. */
    public boolean isUnavailable() {
        return unavailable && System.nanoTime() - unavailableUntil < 0;
    }

    /** {@link System#nanoTime()} at which the last outage ends (or ended). */
    public long unavailableUntilNanos() {
        return unavailableUntil;
    }

    /** Answers 400 for these order numbers from now on. */
    public void reject(Collection<String> orderIds) {
        rejected.addAll(orderIds);
    }

    /** Accepts this order number again ("the ERP's data was fixed"). */
    public void accept(String orderId) {
        rejected.remove(orderId);
    }

    /** Waits this long before every answer. */
    public void latency(Duration value) {
        latency = value;
    }

    /** Every request so far, in arrival order. */
    public synchronized List<Arrival> arrivals() {
        return List.copyOf(arrivals);
    }

    public synchronized int requestCount() {
        return arrivals.size();
    }

    /** Effects, duplicates and attempts of the requests so far. */
    public SinkLedger ledger() {
        return new SinkLedger(arrivals());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            long at = System.nanoTime();
            var wall = Instant.now();
            String body = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            String orderId = Json.object(body).flatMap(o -> Json.text(o, "XSDDH")).orElse(null);
            var wait = latency;
            if (!wait.isZero()) Poll.pause(wait);

            int status;
            String answer;
            synchronized (this) {
                if (isUnavailable()) {
                    status = 503;
                    answer = "{\"error\":\"ERP is down for maintenance\"}";
                } else if (!"POST".equals(exchange.getRequestMethod()) || !"/erp/orders".equals(exchange.getRequestURI().getPath())) {
                    status = 404;
                    answer = "{\"error\":\"no such resource\"}";
                } else if (orderId == null) {
                    status = 400;
                    answer = "{\"error\":\"XSDDH (order number) is missing\"}";
                } else if (rejected.contains(orderId)) {
                    status = 400;
                    answer = "{\"error\":\"KHBM: customer code unknown for order " + orderId + "\"}";
                } else if (key != null && !appliedKeys.add(key)) {
                    status = 200;
                    answer = "{\"XSDDH\":\"" + orderId + "\",\"duplicate\":true}";
                } else {
                    status = 201;
                    answer = "{\"XSDDH\":\"" + orderId + "\"}";
                }
                var arrival = new Arrival(++seq, at, wall, exchange.getRequestMethod(), exchange.getRequestURI().getPath(), orderId, key,
                        status, body);
                arrivals.add(arrival);
                writer.write(Json.compact(arrival.toRecord()));
                writer.write('\n');
                writer.flush();
            }
            byte[] bytes = answer.getBytes(UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
        synchronized (this) {
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
