package dev.dovetail.acceptance.harness;

import dev.dovetail.acceptance.harness.OrderEvents.OrderEvent;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A CRM that posts signed webhooks the way real senders do: {@code concurrency} senders on virtual threads, each
 * taking the next event and posting it until the hub acknowledges it (2xx). Connection failures, timeouts, 408, 429
 * and 5xx are retried with capped exponential backoff and jitter (honouring {@code Retry-After}); every attempt is
 * signed again with a fresh timestamp (a byte-identical resend would be a replay). Any other 4xx refuses the event
 * for good. Stops by itself at {@link Options#deadline()}.
 */
public final class WebhookSender {

    /**
     * @param ratePerSecond events started per second over all senders (open loop); 0 = as fast as the senders go
     * @param deadline      the whole run stops after this; events not acknowledged by then are reported unacked
     */
    public record Options(URI endpoint, WebhookSigner signer, int concurrency, double ratePerSecond, Duration requestTimeout,
                          Duration retryInitial, Duration retryMax, Duration deadline) {

        public static Options to(URI endpoint, WebhookSigner signer) {
            return new Options(endpoint, signer, 32, 0, Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofSeconds(1),
                    Duration.ofMinutes(10));
        }

        public Options concurrency(int value) {
            return new Options(endpoint, signer, value, ratePerSecond, requestTimeout, retryInitial, retryMax, deadline);
        }

        public Options ratePerSecond(double value) {
            return new Options(endpoint, signer, concurrency, value, requestTimeout, retryInitial, retryMax, deadline);
        }

        public Options deadline(Duration value) {
            return new Options(endpoint, signer, concurrency, ratePerSecond, requestTimeout, retryInitial, retryMax, value);
        }

        public Options retry(Duration initial, Duration max) {
            return new Options(endpoint, signer, concurrency, ratePerSecond, requestTimeout, initial, max, deadline);
        }
    }

    /**
     * An acknowledged event.
     *
     * @param firstSentNanos  {@link System#nanoTime()} when its first attempt started
     * @param ackedNanos      when the acknowledging answer arrived
     * @param ackLatencyNanos how long the acknowledging attempt took
     * @param attempts        attempts including the acknowledged one
     */
    public record Ack(String orderId, int status, String eventId, boolean duplicate, long firstSentNanos, long ackedNanos,
                      long ackLatencyNanos, int attempts) {}

    /** An event the hub refused for good (a 4xx other than 408 and 429). */
    public record Refusal(String orderId, int status, String body, int attempts) {}

    /** Called on the sending thread after each acknowledgement; {@code ackedSoFar} counts from 1. Keep it short. */
    @FunctionalInterface
    public interface Listener {
        void acked(Ack ack, int ackedSoFar);
    }

    /**
     * What a run did.
     *
     * @param retries attempts that were retried, by cause ({@code connect}, {@code io}, {@code timeout}, {@code 503}, …)
     */
    public record Report(Map<String, Ack> acked, Map<String, Refusal> refused, List<String> unacked, Map<String, Long> retries,
                         long startedNanos, long endedNanos) {

        public Duration elapsed() {
            return Duration.ofNanos(endedNanos - startedNanos);
        }

        public long attempts() {
            return acked.values().stream().mapToLong(Ack::attempts).sum() + refused.values().stream().mapToLong(Refusal::attempts).sum();
        }

        public long duplicates() {
            return acked.values().stream().filter(Ack::duplicate).count();
        }

        /** Ack latencies of the acknowledging attempts, in milliseconds, of the acks that arrived within [fromNanos, toNanos). */
        public List<Double> ackLatenciesMillis(long fromNanos, long toNanos) {
            return acked.values().stream().filter(a -> a.ackedNanos() >= fromNanos && a.ackedNanos() < toNanos)
                    .map(a -> a.ackLatencyNanos() / 1e6).toList();
        }
    }

    private final Options options;
    private final HttpClient client;

    public WebhookSender(Options options) {
        this.options = options;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    }

    public Report send(List<OrderEvent> events) {
        return send(events, (ack, count) -> {});
    }

    /** Sends every event until acknowledged, refused or the deadline passes; returns when all are settled. */
    public Report send(List<OrderEvent> events, Listener listener) {
        var acked = new ConcurrentHashMap<String, Ack>();
        var refused = new ConcurrentHashMap<String, Refusal>();
        var unacked = Collections.synchronizedList(new ArrayList<String>());
        var retries = new ConcurrentHashMap<String, AtomicLong>();
        var next = new AtomicInteger();
        var ackCount = new AtomicInteger();
        long started = System.nanoTime();
        long deadline = started + options.deadline().toNanos();
        try (var senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int s = 0; s < options.concurrency(); s++) {
                senders.submit(() -> {
                    int index;
                    while ((index = next.getAndIncrement()) < events.size()) {
                        var event = events.get(index);
                        if (options.ratePerSecond() > 0) {
                            long due = started + (long) (index * 1e9 / options.ratePerSecond());
                            long wait = due - System.nanoTime();
                            if (wait > 0) Poll.pause(Duration.ofNanos(wait));
                        }
                        sendOne(event, deadline, acked, refused, unacked, retries, ackCount, listener);
                    }
                    return null;
                });
            }
        }
        var retryCounts = new java.util.TreeMap<String, Long>();
        retries.forEach((cause, count) -> retryCounts.put(cause, count.get()));
        return new Report(Map.copyOf(acked), Map.copyOf(refused), List.copyOf(unacked), retryCounts, started, System.nanoTime());
    }

    private void sendOne(OrderEvent event, long deadline, Map<String, Ack> acked, Map<String, Refusal> refused, List<String> unacked,
                         Map<String, AtomicLong> retries, AtomicInteger ackCount, Listener listener) {
        long firstSent = System.nanoTime();
        long lastTimestamp = 0;
        for (int attempt = 1; ; attempt++) {
            if (System.nanoTime() - deadline >= 0) {
                unacked.add(event.orderId());
                return;
            }
            // a fresh signature per attempt, with a timestamp later than the previous attempt's
            lastTimestamp = Math.max(Instant.now().getEpochSecond(), lastTimestamp + 1);
            var request = HttpRequest.newBuilder(options.endpoint()).timeout(options.requestTimeout())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(event.body()));
            options.signer().headers(lastTimestamp, event.body()).forEach(request::header);
            long began = System.nanoTime();
            String cause;
            Duration retryAfter = null;
            try {
                var response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    long now = System.nanoTime();
                    var answer = Json.object(response.body()).orElse(Map.of());
                    var ack = new Ack(event.orderId(), status, Json.text(answer, "eventId").orElse(null),
                            Boolean.TRUE.equals(answer.get("duplicate")), firstSent, now, now - began, attempt);
                    acked.put(event.orderId(), ack);
                    listener.acked(ack, ackCount.incrementAndGet());
                    return;
                }
                if (status != 408 && status != 429 && status < 500) {
                    refused.put(event.orderId(), new Refusal(event.orderId(), status, response.body(), attempt));
                    return;
                }
                cause = Integer.toString(status);
                retryAfter = response.headers().firstValue("Retry-After").flatMap(WebhookSender::seconds).orElse(null);
            } catch (ConnectException e) {
                cause = "connect";
            } catch (HttpTimeoutException e) {
                cause = "timeout";
            } catch (IOException e) {
                cause = "io";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unacked.add(event.orderId());
                return;
            }
            retries.computeIfAbsent(cause, c -> new AtomicLong()).incrementAndGet();
            Poll.pause(retryAfter != null ? min(retryAfter, Duration.ofSeconds(5)) : backoff(attempt));
        }
    }

    private Duration backoff(int attempt) {
        double base = options.retryInitial().toMillis() * Math.pow(2, Math.min(attempt - 1, 20));
        double capped = Math.min(base, options.retryMax().toMillis());
        return Duration.ofMillis(Math.round(capped * (0.5 + 0.5 * ThreadLocalRandom.current().nextDouble())));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static java.util.Optional<Duration> seconds(String value) {
        try {
            return java.util.Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    /** The URI of {@code /hooks/{system}/{event}} on a hub. */
    public static URI hook(URI hub, String system, String event) {
        return hub.resolve("/hooks/" + system + "/" + event);
    }
}
