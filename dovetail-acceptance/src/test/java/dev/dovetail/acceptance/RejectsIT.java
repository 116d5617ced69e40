package dev.dovetail.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.acceptance.harness.Json;
import dev.dovetail.acceptance.harness.OrderEvents;
import dev.dovetail.acceptance.harness.OrderEvents.OrderEvent;
import dev.dovetail.acceptance.harness.Poll;
import dev.dovetail.acceptance.harness.RelayRig;
import dev.dovetail.acceptance.harness.RunResult;
import dev.dovetail.acceptance.harness.WebhookSender;
import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 3 "Rejects" / R4's 400 case (docs/reliability.md): the ERP answers 400 for some orders. Those become dead
 * letters after one attempt, with the reason and the ERP's answer; the others are delivered. After the ERP's data is
 * "fixed", replaying one dead letter delivers it exactly once; replaying one that is still refused parks it again.
 */
class RejectsIT {
    private static final int EVENTS = 200;

    @Test
    void refused_orders_become_dead_letters_with_the_reason_and_a_fixed_one_is_delivered_once_on_replay() throws Exception {
        long seed = Long.getLong("acceptance.rejects.seed", System.currentTimeMillis());
        RunResult.of("RejectsIT", seed).run(result -> {
            var events = OrderEvents.events(EVENTS);
            var refusedIds = events.stream().map(OrderEvent::orderId).filter(id -> OrderEvents.seq(id).orElseThrow() % 10 == 3)
                    .collect(Collectors.toCollection(TreeSet::new));
            var acceptedIds = events.stream().map(OrderEvent::orderId).filter(id -> !refusedIds.contains(id)).collect(Collectors.toSet());
            result.parameter("events", EVENTS).parameter("refusedByTarget", refusedIds.size());

            try (var rig = RelayRig.start(result, hub -> hub.arg("--dovetail.delivery.backoff.initial=200ms").arg("--dovetail.delivery.backoff.max=2s"))) {
                var api = rig.api();
                rig.sink().reject(refusedIds);
                var report = new WebhookSender(rig.senderOptions().concurrency(8).deadline(Duration.ofMinutes(2))).send(events);
                assertThat(report.refused()).as("events the hub refused").isEmpty();
                assertThat(report.unacked()).as("events never acknowledged").isEmpty();
                Map<String, String> eventIds = report.acked().values().stream()
                        .collect(Collectors.toMap(a -> a.orderId(), a -> String.valueOf(a.eventId())));

                Poll.until(Duration.ofSeconds(60), Duration.ofMillis(250),
                        () -> rig.sink().ledger().missing(acceptedIds).isEmpty() && api.deadLetters().size() >= refusedIds.size(),
                        () -> "delivered " + rig.sink().ledger().deliveredOrders().size() + "/" + acceptedIds.size() + ", dead letters "
                                + api.deadLetters().size() + "/" + refusedIds.size());
                Poll.within(Duration.ofSeconds(10), Duration.ofMillis(250), () -> api.metrics().sum("dovetail_journal_backlog") == 0);
                var ledger = rig.sink().ledger();
                var deadLetters = api.deadLetters();
                var deadEventIds = deadLetters.stream().map(RejectsIT::eventId).collect(Collectors.toSet());
                var expectedDead = refusedIds.stream().map(eventIds::get).collect(Collectors.toSet());
                result.count("delivered", ledger.deliveredOrders().size()).count("deadLetters", deadLetters.size())
                        .count("deadLettersMetric", (long) api.metrics().sum("dovetail_dead_letters_total"))
                        .note("deadLetterExample", deadLetters.isEmpty() ? null : deadLetters.getFirst());

                assertThat(ledger.deliveredOrders()).as("delivered orders").isEqualTo(acceptedIds);
                assertThat(deadEventIds).as("event ids of the dead letters").isEqualTo(expectedDead);
                assertThat(refusedIds).as("refused orders tried exactly once (a 400 is not retried)")
                        .allSatisfy(id -> assertThat(ledger.requests(id)).as(id).isEqualTo(1));
                assertThat(deadLetters).as("dead letters carry the reason (status 400) and the ERP's answer")
                        .allSatisfy(dead -> {
                            var text = Json.compact(dead);
                            assertThat(text).contains("400");
                            assertThat(text).contains("customer code unknown");
                        });
                assertThat(api.metrics().sum("dovetail_dead_letters_total")).as("dovetail_dead_letters_total").isEqualTo(refusedIds.size());
                assertThat(ledger.ordersWithSeveralKeys()).as("orders applied twice").isEmpty();
                assertThat(ledger.rawDuplicates()).as("raw duplicates").isZero();

                // the ERP's data is fixed for one order: replaying it delivers it exactly once
                String fixed = refusedIds.first();
                rig.sink().accept(fixed);
                var replay = api.replay(eventIds.get(fixed));
                result.note("replayAnswer", replay.status() + " " + replay.body());
                assertThat(replay.ok()).as("replay answered %s: %s", replay.status(), replay.body()).isTrue();
                Poll.until(Duration.ofSeconds(30), Duration.ofMillis(100), () -> rig.sink().ledger().rawDeliveries(fixed) >= 1,
                        () -> "the replayed order was not delivered; its requests: " + rig.sink().ledger().of(fixed));
                Poll.within(Duration.ofSeconds(10), Duration.ofMillis(250), () -> api.metrics().sum("dovetail_journal_backlog") == 0);
                Poll.pause(Duration.ofSeconds(2)); // a second delivery, if the hub made one, arrives meanwhile
                var afterReplay = rig.sink().ledger();
                assertThat(afterReplay.rawDeliveries(fixed)).as("deliveries of the replayed order").isEqualTo(1);
                assertThat(afterReplay.requests(fixed)).as("requests for the replayed order: the refused one and the replay").isEqualTo(2);
                assertThat(afterReplay.keys(fixed)).as("its idempotency key").hasSize(1)
                        .allSatisfy(key -> assertThat(key).startsWith(eventIds.get(fixed) + ":"));
                assertThat(api.deadLetters().stream().map(RejectsIT::eventId)).as("dead letters after the replay")
                        .doesNotContain(eventIds.get(fixed)).hasSize(refusedIds.size() - 1);

                // one that is still refused goes back to the dead letters after one more attempt
                String stillBroken = refusedIds.last();
                var again = api.replay(eventIds.get(stillBroken));
                assertThat(again.ok()).as("replay answered %s: %s", again.status(), again.body()).isTrue();
                Poll.until(Duration.ofSeconds(30), Duration.ofMillis(100), () -> rig.sink().ledger().requests(stillBroken) >= 2
                                && api.deadLetters().stream().map(RejectsIT::eventId).toList().contains(eventIds.get(stillBroken)),
                        () -> "the still-refused order: requests " + rig.sink().ledger().requests(stillBroken) + ", dead letters " + api.deadLetters().size());
                Poll.pause(Duration.ofSeconds(1));
                var last = rig.sink().ledger();
                assertThat(last.requests(stillBroken)).as("attempts of the still-refused order after its replay").isEqualTo(2);
                assertThat(last.rawDeliveries(stillBroken)).isZero();
                result.count("replayedDelivered", 1).count("replayedStillRefused", 1).count("deadLettersAtEnd", api.deadLetters().size());
                assertThat(api.deadLetters()).hasSize(refusedIds.size() - 1);
            }
        });
    }

    /** The event id of a dead letter ({@code eventId}, else {@code id}). */
    static String eventId(Map<String, Object> deadLetter) {
        return Json.text(deadLetter, "eventId").or(() -> Json.text(deadLetter, "id")).orElse(null);
    }
}
