package dev.dovetail.acceptance.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SinkLedgerTest {
    private long seq;

    private Arrival arrival(String order, String key, int status) {
        seq++;
        return new Arrival(seq, seq, Instant.EPOCH, "POST", "/erp/orders", order, key, status, "{}");
    }

    @Test
    void a_repeat_with_the_same_key_is_a_raw_duplicate_but_not_a_second_effect() {
        var ledger = new SinkLedger(List.of(arrival("A", "e1", 201), arrival("A", "e1", 200), arrival("B", "e2", 201)));
        assertThat(ledger.rawDeliveries()).isEqualTo(3);
        assertThat(ledger.effects()).isEqualTo(2);
        assertThat(ledger.rawDuplicates()).isEqualTo(1);
        assertThat(ledger.ordersWithSeveralKeys()).isEmpty();
    }

    @Test
    void one_order_under_two_keys_is_a_duplicate_effect() {
        var ledger = new SinkLedger(List.of(arrival("A", "e1", 201), arrival("A", "e9", 201)));
        assertThat(ledger.effects()).isEqualTo(2);
        assertThat(ledger.ordersWithSeveralKeys()).containsExactly("A");
    }

    @Test
    void refused_answers_are_attempts_not_deliveries() {
        var ledger = new SinkLedger(List.of(arrival("A", "e1", 503), arrival("A", "e1", 503), arrival("A", "e1", 201), arrival("B", "e2", 400)));
        assertThat(ledger.requests("A")).isEqualTo(3);
        assertThat(ledger.rawDeliveries("A")).isEqualTo(1);
        assertThat(ledger.deliveredOrders()).containsExactly("A");
        assertThat(ledger.missing(List.of("A", "B", "C"))).containsExactly("B", "C");
    }

    @Test
    void a_delivered_order_nobody_sent_is_unexpected() {
        var ledger = new SinkLedger(List.of(arrival("A", "e1", 201), arrival("X", "e2", 201)));
        assertThat(ledger.unexpected(List.of("A", "B"))).containsExactly("X");
    }

    @Test
    void an_accepted_request_without_a_key_is_counted_apart() {
        var ledger = new SinkLedger(List.of(arrival("A", null, 201), arrival("A", "e1", 201)));
        assertThat(ledger.acceptedWithoutKey()).isEqualTo(1);
        assertThat(ledger.effects()).isEqualTo(1);
        assertThat(ledger.rawDuplicates()).isZero();
    }
}
