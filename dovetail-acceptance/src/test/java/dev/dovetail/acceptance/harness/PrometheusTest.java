package dev.dovetail.acceptance.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusTest {
    private static final String TEXT = """
            # HELP dovetail_deliveries_total Deliveries by outcome
            # TYPE dovetail_deliveries_total counter
            dovetail_deliveries_total{application="dovetail",outcome="delivered",system="erp"} 1234.0
            dovetail_deliveries_total{application="dovetail",outcome="retry",system="erp"} 56.0
            dovetail_circuit_breaker_state{application="dovetail",state="open",system="erp"} 1.0
            jvm_threads_live_threads 42.0
            http_server_requests_seconds_bucket{le="+Inf",uri="/hooks/{system}/{event}",note="a \\"quoted\\" , text"} 7.0
            """;

    @Test
    void samples_are_read_with_their_labels_and_summed_by_filter() {
        var metrics = Prometheus.parse(TEXT);
        assertThat(metrics.sum("dovetail_deliveries_total")).isEqualTo(1290.0);
        assertThat(metrics.sum("dovetail_deliveries_total", s -> s.label("outcome").equals("retry"))).isEqualTo(56.0);
        assertThat(metrics.named("dovetail_circuit_breaker_state").getFirst().label("state")).isEqualTo("open");
        assertThat(metrics.sum("jvm_threads_live_threads")).isEqualTo(42.0);
        var bucket = metrics.named("http_server_requests_seconds_bucket").getFirst();
        assertThat(bucket.label("le")).isEqualTo("+Inf");
        assertThat(bucket.label("note")).isEqualTo("a \"quoted\" , text");
        assertThat(bucket.value()).isEqualTo(7.0);
        assertThat(metrics.has("nothing_total")).isFalse();
    }
}
