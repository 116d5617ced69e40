package dev.dovetail.sandbox.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.sandbox.junit.Poll;
import dev.dovetail.sandbox.junit.RecordingReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxIT {

    @TempDir
    Path dir;

    private final RecordingReceiver receiver = RecordingReceiver.start();
    private final Stats stats = new Stats();
    private final Outbox.RetryPolicy fast = new Outbox.RetryPolicy(Duration.ofMillis(50), 5);

    @AfterEach
    void close() {
        receiver.close();
    }

    private static Map<String, String> signer(String body, Map<String, String> fixed, long epochSeconds) {
        return Map.of("X-Test", fixed.get("X-Test"), "X-Time", Long.toString(epochSeconds));
    }

    @Test
    void a_failed_delivery_is_retried_until_it_succeeds() {
        receiver.failNext(2, 503);
        try (var outbox = new Outbox("hooks", StateDir.at(dir), stats, OutboxIT::signer, fast)) {
            outbox.enqueue(receiver.url("/in").toString(), "{\"n\":1}", Map.of("X-Test", "yes", "secret", "never sent"));
            var received = receiver.next(Duration.ofSeconds(10));
            assertThat(received.body()).isEqualTo("{\"n\":1}");
            assertThat(received.header("X-Test")).isEqualTo("yes");
            assertThat(received.header("secret")).isNull();
            assertThat(receiver.all()).hasSize(3);
            Poll.until(Duration.ofSeconds(5), "outbox empty", () -> outbox.pending().isEmpty());
            assertThat(stats.get("hooks.failedAttempts")).isEqualTo(2);
            assertThat(stats.get("hooks.delivered")).isEqualTo(1);
        }
    }

    @Test
    void it_gives_up_after_the_maximum_attempts() {
        receiver.failNext(100, 500);
        try (var outbox = new Outbox("hooks", StateDir.at(dir), stats, OutboxIT::signer, fast)) {
            outbox.enqueue(receiver.url("/in").toString(), "{}", Map.of("X-Test", "x"));
            Poll.until(Duration.ofSeconds(10), "gave up", () -> stats.get("hooks.gaveUp") == 1);
            assertThat(receiver.all()).hasSize(5);
            assertThat(outbox.pending()).isEmpty();
        }
    }

    @Test
    void an_undelivered_message_is_sent_after_a_restart() {
        String unreachable = "http://127.0.0.1:1/in";
        try (var outbox = new Outbox("hooks", StateDir.at(dir), stats, OutboxIT::signer,
                new Outbox.RetryPolicy(Duration.ofSeconds(30), 5))) {
            outbox.enqueue(unreachable, "{}", Map.of("X-Test", "x"));
            Poll.until(Duration.ofSeconds(10), "first attempt failed", () -> stats.get("hooks.failedAttempts") == 1);
        }
        // the saved message points at a dead port; rewrite it to the receiver as a restart would find it
        var state = StateDir.at(dir);
        var table = JsonTable.open(state, "outbox-hooks", "id");
        var message = table.all().getFirst();
        message.put("url", receiver.url("/in").toString());
        message.put("dueAt", 0);
        table.put(message);
        try (var outbox = new Outbox("hooks", state, stats, OutboxIT::signer, fast)) {
            assertThat(receiver.next(Duration.ofSeconds(10)).path()).isEqualTo("/in");
            Poll.until(Duration.ofSeconds(5), "outbox empty", () -> outbox.pending().isEmpty());
        }
    }
}
