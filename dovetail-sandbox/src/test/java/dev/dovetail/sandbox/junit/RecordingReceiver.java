package dev.dovetail.sandbox.junit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP endpoint for tests that records every request (webhooks, callbacks) and answers 200,
 * or a chosen status for the next N requests. Start with {@link #start()}, close after use.
 */
public final class RecordingReceiver implements AutoCloseable {

    /** One received request; header names are lower case. */
    public record Received(String method, String path, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final List<Received> all = new ArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile int failureStatus = 500;

    private RecordingReceiver(HttpServer server) {
        this.server = server;
    }

    /** Listens on a free loopback port. */
    public static RecordingReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            RecordingReceiver receiver = new RecordingReceiver(server);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> {
                try (exchange) {
                    Map<String, String> headers = new TreeMap<>();
                    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.getFirst()));
                    Received r = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers,
                            new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                    synchronized (receiver.all) {
                        receiver.all.add(r);
                    }
                    boolean fail = receiver.failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
                    exchange.sendResponseHeaders(fail ? receiver.failureStatus : 200, -1);
                    if (!fail) {
                        receiver.received.add(r);
                    }
                }
            });
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** The next {@code count} requests are answered {@code status} (and not offered by {@link #next}). */
    public void failNext(int count, int status) {
        failureStatus = status;
        failures.set(count);
    }

    /** The next request answered 200, waiting up to {@code timeout}; fails the test when none arrives. */
    public Received next(Duration timeout) {
        try {
            Received r = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (r == null) {
                throw new AssertionError("nothing received within " + timeout);
            }
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Every request so far, failed ones included, in arrival order. */
    public List<Received> all() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    /** Forgets what was received. */
    public void clear() {
        synchronized (all) {
            all.clear();
        }
        received.clear();
        failures.set(0);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
