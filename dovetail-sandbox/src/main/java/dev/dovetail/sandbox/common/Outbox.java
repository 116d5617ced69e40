package dev.dovetail.sandbox.common;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * At-least-once outbound HTTP POSTs (webhooks, approval callbacks), the way SaaS systems send
 * them: every message is kept in the state folder ({@code outbox-<name>.json}) until a 2xx answer,
 * retried on a non-2xx answer or an I/O error with exponential backoff (base, doubling, capped at
 * 60 s) up to a maximum number of attempts, and resumed after a restart.
 *
 * <p>The headers sent are exactly those a {@link Signer} returns for each attempt (so a signature
 * can carry a fresh timestamp, and {@code fixed} may hold values for the signer only, such as the
 * secret); {@code Content-Type: application/json} is always set.
 * Counters in {@link Stats}: {@code <name>.enqueued}, {@code <name>.attempts},
 * {@code <name>.delivered}, {@code <name>.failedAttempts}, {@code <name>.gaveUp}.
 */
public final class Outbox implements AutoCloseable {

    /** Headers for one attempt; {@code fixed} are the headers given to {@link #enqueue}. */
    @FunctionalInterface
    public interface Signer {
        Map<String, String> headers(String body, Map<String, String> fixed, long epochSeconds);
    }

    /**
     * Retry settings.
     *
     * @param firstBackoff wait after the first failed attempt (doubles each time, capped at 60 s)
     * @param maxAttempts  attempts before a message is dropped (counted as {@code gaveUp})
     */
    public record RetryPolicy(Duration firstBackoff, int maxAttempts) {
        public static RetryPolicy defaults() {
            return new RetryPolicy(Duration.ofSeconds(1), 12);
        }

        Duration after(int attempts) {
            long millis = firstBackoff.toMillis() << Math.min(attempts - 1, 20);
            return Duration.ofMillis(Math.min(millis, 60_000));
        }
    }

    private final String name;
    private final Stats stats;
    private final JsonTable messages;
    private final Signer signer;
    private final RetryPolicy retry;
    private final HttpClient http;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final Object wakeUp = new Object();
    private final Thread scheduler;
    private volatile boolean running = true;

    /**
     * Opens the outbox (loading undelivered messages) and starts sending.
     *
     * @param name a short name for the file and the counters, e.g. {@code webhooks}
     */
    public Outbox(String name, StateDir state, Stats stats, Signer signer, RetryPolicy retry) {
        this.name = name;
        this.stats = stats;
        this.messages = JsonTable.open(state, "outbox-" + name, "id");
        this.signer = signer;
        this.retry = retry;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        // sending is "in flight" only in memory: after a restart everything pending is due again
        for (Map<String, Object> m : messages.all()) {
            if (Boolean.TRUE.equals(m.get("inFlight"))) {
                messages.update((String) m.get("id"), r -> {
                    r.put("inFlight", false);
                    return r;
                });
            }
        }
        this.scheduler = Thread.ofVirtual().name("outbox-" + name).start(this::schedule);
    }

    /** Queues a POST of {@code body} (JSON) to {@code url}; returns the message id. */
    public String enqueue(String url, String body, Map<String, String> headers) {
        return enqueue(url, body, headers, Duration.ZERO);
    }

    /** Queues a POST to be first tried after {@code delay}. */
    public String enqueue(String url, String body, Map<String, String> headers, Duration delay) {
        String id = UUID.randomUUID().toString();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("url", url);
        m.put("body", body);
        m.put("headers", new LinkedHashMap<>(headers));
        m.put("attempts", 0);
        m.put("dueAt", System.currentTimeMillis() + delay.toMillis());
        m.put("inFlight", false);
        m.put("lastError", null);
        messages.put(m);
        stats.increment(name + ".enqueued");
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
        return id;
    }

    /** Messages not yet delivered (with url, body, attempts, lastError). */
    public List<Map<String, Object>> pending() {
        return messages.all();
    }

    /** Drops every pending message. */
    public void clear() {
        messages.clear();
    }

    @Override
    public void close() {
        running = false;
        scheduler.interrupt();
        senders.shutdownNow();
        http.shutdownNow();
    }

    private void schedule() {
        while (running) {
            long now = System.currentTimeMillis();
            long nextDue = Long.MAX_VALUE;
            List<Map<String, Object>> waiting = messages.find(m -> !Boolean.TRUE.equals(m.get("inFlight")));
            waiting.sort(Comparator.comparingLong(m -> ((Number) m.get("dueAt")).longValue()));
            for (Map<String, Object> m : waiting) {
                long due = ((Number) m.get("dueAt")).longValue();
                if (due <= now) {
                    String id = (String) m.get("id");
                    if (messages.update(id, r -> {
                        r.put("inFlight", true);
                        return r;
                    }).isPresent()) {
                        try {
                            senders.execute(() -> attempt(m));
                        } catch (RuntimeException e) {
                            return; // shut down
                        }
                    }
                } else {
                    nextDue = Math.min(nextDue, due);
                }
            }
            synchronized (wakeUp) {
                long wait = nextDue == Long.MAX_VALUE ? 1000 : Math.max(1, nextDue - System.currentTimeMillis());
                try {
                    wakeUp.wait(Math.min(wait, 1000));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void attempt(Map<String, Object> m) {
        String id = (String) m.get("id");
        String body = (String) m.get("body");
        Map<String, String> fixed = (Map<String, String>) m.get("headers");
        String error;
        stats.increment(name + ".attempts");
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create((String) m.get("url")))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            signer.headers(body, fixed, System.currentTimeMillis() / 1000).forEach(request::header);
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2) {
                messages.remove(id);
                stats.increment(name + ".delivered");
                return;
            }
            error = "HTTP " + response.statusCode();
        } catch (IOException | IllegalArgumentException e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // closing: the message stays pending for the next start
        }
        stats.increment(name + ".failedAttempts");
        String lastError = error;
        if (!running) {
            return;
        }
        messages.update(id, r -> {
            int attempts = ((Number) r.get("attempts")).intValue() + 1;
            r.put("attempts", attempts);
            r.put("lastError", lastError);
            r.put("inFlight", false);
            r.put("dueAt", System.currentTimeMillis() + retry.after(attempts).toMillis());
            return r;
        });
        Map<String, Object> after = messages.get(id).orElse(null);
        if (after != null && ((Number) after.get("attempts")).intValue() >= retry.maxAttempts()) {
            messages.remove(id);
            stats.increment(name + ".gaveUp");
        }
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }
}
