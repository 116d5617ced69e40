package dev.dovetail.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.acceptance.harness.OrderEvents;
import dev.dovetail.acceptance.harness.OrderEvents.OrderEvent;
import dev.dovetail.acceptance.harness.Poll;
import dev.dovetail.acceptance.harness.Prometheus;
import dev.dovetail.acceptance.harness.RelayRig;
import dev.dovetail.acceptance.harness.RunResult;
import dev.dovetail.acceptance.harness.Stats;
import dev.dovetail.acceptance.harness.WebhookSender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Issue 3 "Outage" / R3 "target down" (docs/reliability.md): a steady stream of events; after a few seconds the ERP
 * answers 503 for {@code acceptance.outage.seconds} (default 60). The hub keeps acknowledging, its circuit breaker
 * for the ERP opens and closes again, and once the ERP is back everything waiting is delivered within 30 s, each
 * order exactly once.
 *
 * <p>Test profile of the hub: delivery backoff 500 ms doubling to at most 5 s, 40 attempts (so no message gives up
 * during a 60 s outage), and the workspace's breaker: 50 % of 20 calls, open for 2 s, 3 probe calls.
 */
class OutageIT {
    private static final int SENDERS = 16;
    private static final double RATE = 20; // events per second
    private static final Duration BEFORE = Duration.ofSeconds(5);
    private static final Duration AFTER = Duration.ofSeconds(10);
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);

    @Test
    void while_the_target_answers_503_nothing_is_lost_and_everything_is_delivered_once_soon_after_it_recovers() throws Exception {
        var outage = Duration.ofSeconds(Integer.getInteger("acceptance.outage.seconds", 60));
        int eventCount = (int) (RATE * (BEFORE.plus(outage).plus(AFTER).toMillis() / 1000.0));
        long seed = Long.getLong("acceptance.outage.seed", System.currentTimeMillis());
        RunResult.of("OutageIT", seed).run(result -> {
            result.parameter("events", eventCount).parameter("ratePerSecond", RATE).parameter("senders", SENDERS)
                    .parameter("outageSeconds", outage.toSeconds()).parameter("backoffMax", "5s").parameter("maxAttempts", 40);
            try (var rig = RelayRig.start(result, hub -> hub
                    .arg("--dovetail.delivery.backoff.initial=500ms")
                    .arg("--dovetail.delivery.backoff.max=5s")
                    .arg("--dovetail.delivery.max-attempts=40"))) {
                var api = rig.api();
                var events = OrderEvents.events(eventCount);
                var sent = events.stream().map(OrderEvent::orderId).toList();
                var sender = new WebhookSender(rig.senderOptions().concurrency(SENDERS).ratePerSecond(RATE)
                        .deadline(outage.plus(Duration.ofMinutes(3))));

                var breakerStates = new CopyOnWriteArrayList<Double>();
                var watching = new AtomicBoolean(true);
                var watcher = Thread.ofVirtual().start(() -> {
                    while (watching.get()) {
                        try {
                            breakerStates.add(breakerState(api.metrics()));
                        } catch (RuntimeException e) {
                            // a scrape failed; the next one counts
                        }
                        Poll.pause(Duration.ofMillis(250));
                    }
                });

                long sendStart = System.nanoTime();
                var sending = CompletableFuture.supplyAsync(() -> sender.send(events), r -> Thread.ofVirtual().start(r));
                Poll.until(BEFORE.plus(Duration.ofSeconds(30)), Duration.ofMillis(100),
                        () -> System.nanoTime() - sendStart >= BEFORE.toNanos() && !rig.sink().ledger().deliveredOrders().isEmpty(),
                        () -> "no delivery before the outage; sink has " + rig.sink().requestCount() + " requests; hub log:\n" + rig.hub().logTail(30));
                rig.sink().unavailableFor(outage);
                long outageStart = System.nanoTime();
                long recovered = rig.sink().unavailableUntilNanos();

                var report = sending.get();
                long lastAck = report.acked().values().stream().mapToLong(WebhookSender.Ack::ackedNanos).max().orElse(System.nanoTime());
                var acked = report.acked().keySet();
                boolean drained = Poll.within(Duration.ofNanos(Math.max(0, recovered - System.nanoTime())).plus(RECOVERY_BOUND).plus(AFTER),
                        Duration.ofMillis(200), () -> rig.sink().ledger().missing(acked).isEmpty());
                Poll.within(Duration.ofSeconds(20), Duration.ofMillis(250), () -> api.metrics().sum("dovetail_journal_backlog") == 0);
                Poll.within(Duration.ofSeconds(15), Duration.ofMillis(250), () -> breakerState(api.metrics()) == 0);
                watching.set(false);
                watcher.join();

                var ledger = rig.sink().ledger();
                var firstDelivery = ledger.firstDeliveryNanos();
                // events acknowledged before the target came back must be delivered within 30 s of its recovery
                var late = new TreeMap<String, Double>();
                double slowestAfterRecovery = 0;
                for (var ack : report.acked().values()) {
                    if (ack.ackedNanos() >= recovered) continue;
                    Long delivered = firstDelivery.get(ack.orderId());
                    double after = delivered == null ? Double.POSITIVE_INFINITY : (delivered - recovered) / 1e9;
                    slowestAfterRecovery = Math.max(slowestAfterRecovery, after);
                    if (after > RECOVERY_BOUND.toSeconds()) late.put(ack.orderId(), after);
                }
                long deliveredDuringOutage = ledger.arrivals().stream().filter(a -> a.accepted() && a.atNanos() >= outageStart && a.atNanos() < recovered).count();
                long refusedDuringOutage = ledger.arrivals().stream().filter(a -> a.status() == 503).count();
                var outageAcks = report.ackLatenciesMillis(outageStart, recovered);
                var metrics = api.metrics();
                double toOpen = metrics.sum("dovetail_circuit_breaker_transitions_total", s -> s.label("system").equals("erp") && s.label("to").equals("open"));
                double toClosed = metrics.sum("dovetail_circuit_breaker_transitions_total", s -> s.label("system").equals("erp") && s.label("to").equals("closed"));
                var deadLetters = api.deadLetters();

                result.count("acked", report.acked().size()).count("unacked", report.unacked().size()).count("refused", report.refused().size())
                        .count("ackedDuringOutage", outageAcks.size())
                        .count("sinkRequests", ledger.requests()).count("answered503", refusedDuringOutage)
                        .count("deliveredDuringOutage", deliveredDuringOutage)
                        .count("effects", ledger.effects()).count("rawDuplicates", ledger.rawDuplicates())
                        .count("duplicateEffects", ledger.ordersWithSeveralKeys().size()).count("lost", ledger.missing(acked).size())
                        .count("lateAfterRecovery", late.size()).count("deadLetters", deadLetters.size())
                        .count("breakerTransitionsToOpen", (long) toOpen).count("breakerTransitionsToClosed", (long) toClosed)
                        .count("breakerOpenSamples", breakerStates.stream().filter(s -> s == 1).count())
                        .count("deliveryRetries", (long) metrics.sum("dovetail_deliveries_total", s -> s.label("outcome").equals("retried")))
                        .timingMillis("slowestDeliveryAfterRecovery", Stats.tenth(slowestAfterRecovery * 1000))
                        .timingMillis("ackLatencyDuringOutageP50", Stats.tenth(Stats.percentile(outageAcks, 50)))
                        .timingMillis("ackLatencyDuringOutageP99", Stats.tenth(Stats.percentile(outageAcks, 99)))
                        .timingMillis("drainAfterRecovery", Stats.tenth((System.nanoTime() - recovered) / 1e6))
                        .timing("send", Duration.ofNanos(lastAck - sendStart));

                assertThat(report.refused()).as("events the hub refused").isEmpty();
                assertThat(report.unacked()).as("events never acknowledged").isEmpty();
                assertThat(outageAcks).as("acknowledgements while the target was down").isNotEmpty();
                assertThat(drained).as("everything delivered after recovery").isTrue();
                assertThat(ledger.missing(acked)).as("acknowledged events lost").isEmpty();
                assertThat(late).as("events delivered later than %s after the target recovered (seconds)", RECOVERY_BOUND).isEmpty();
                assertThat(ledger.unexpected(sent)).as("effects without a matching event").isEmpty();
                assertThat(ledger.ordersWithSeveralKeys()).as("orders applied twice").isEmpty();
                assertThat(ledger.effects()).as("effects").isEqualTo(eventCount);
                assertThat(ledger.rawDuplicates()).as("raw duplicate deliveries (no crash here: none expected)").isZero();
                assertThat(deadLetters).as("dead letters").isEmpty();
                assertThat(toOpen).as("circuit breaker transitions to open (dovetail_circuit_breaker_transitions_total)").isGreaterThanOrEqualTo(1);
                assertThat(toClosed).as("circuit breaker transitions to closed").isGreaterThanOrEqualTo(1);
                assertThat(breakerStates).as("dovetail_circuit_breaker_state{system=erp} seen open").contains(1.0);
                assertThat(breakerState(metrics)).as("breaker state at the end").isEqualTo(0.0);
            }
        });
    }

    private static double breakerState(Prometheus metrics) {
        List<Double> values = new ArrayList<>();
        metrics.named("dovetail_circuit_breaker_state").stream().filter(s -> s.label("system").equals("erp")).forEach(s -> values.add(s.value()));
        return values.isEmpty() ? Double.NaN : values.getFirst();
    }

}
