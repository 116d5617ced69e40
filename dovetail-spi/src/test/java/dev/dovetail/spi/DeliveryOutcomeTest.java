package dev.dovetail.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.spi.DeliveryOutcome.Delivered;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryOutcomeTest {

    @Test
    void delivered_headers_are_found_whatever_their_case() {
        var delivered = new Delivered(201, Map.of(), Map.of("Location", List.of("/orders/1")));
        assertThat(delivered.header("location")).contains("/orders/1");
        assertThat(delivered.headers()).containsKey("LOCATION");
        assertThat(delivered.header("etag")).isEmpty();
    }

    @Test
    void an_excerpt_keeps_short_text_and_cuts_long_text_without_splitting_a_character() {
        assertThat(DeliveryOutcome.excerpt("short")).isEqualTo("short");
        assertThat(DeliveryOutcome.excerpt(null)).isNull();
        var emoji = "😀".repeat(3000); // surrogate pairs
        var excerpt = DeliveryOutcome.excerpt(emoji);
        assertThat(excerpt.length()).isLessThanOrEqualTo(DeliveryOutcome.EXCERPT_LIMIT);
        assertThat(excerpt).endsWith("…");
        assertThat(excerpt.substring(0, excerpt.length() - 1).codePoints()).allMatch(cp -> cp == "😀".codePointAt(0));
    }

    @Test
    void a_retry_later_cannot_ask_for_a_negative_delay() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new DeliveryOutcome.RetryLater(java.time.Duration.ofSeconds(-1), "x", 503, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
