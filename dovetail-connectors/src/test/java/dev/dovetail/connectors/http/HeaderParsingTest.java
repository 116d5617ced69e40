package dev.dovetail.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderParsingTest {

    private static final Instant NOW = Instant.parse("2025-06-01T10:00:00Z");

    @Test
    void retry_after_in_seconds() {
        assertThat(RetryAfter.parse("120", NOW)).isEqualTo(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 0 ", NOW)).isEqualTo(Duration.ZERO);
    }

    @Test
    void retry_after_as_an_http_date_is_measured_from_now() {
        assertThat(RetryAfter.parse("Sun, 01 Jun 2025 10:01:30 GMT", NOW)).isEqualTo(Duration.ofSeconds(90));
        assertThat(RetryAfter.parse("Sun, 01 Jun 2025 09:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
    }

    @Test
    void unreadable_retry_after_means_no_advice() {
        assertThat(RetryAfter.parse("soon", NOW)).isNull();
        assertThat(RetryAfter.parse("-5", NOW)).isNull();
        assertThat(RetryAfter.parse("99999999999999999999999", NOW)).isNull();
        assertThat(RetryAfter.parse(null, NOW)).isNull();
    }

    @Test
    void the_next_link_is_found_among_others_in_any_spelling() {
        assertThat(LinkHeader.next(List.of("<https://a/x?page=1>; rel=\"prev\", <https://a/x?page=3>; rel=\"next\"")))
                .contains("https://a/x?page=3");
        assertThat(LinkHeader.next(List.of("</x?page=2>;rel=next"))).contains("/x?page=2");
        assertThat(LinkHeader.next(List.of("<https://a/1>; rel=\"first\"", "<https://a/2>; title=\"p, 2\"; rel=\"last NEXT\"")))
                .contains("https://a/2");
    }

    @Test
    void no_next_link_on_the_last_page() {
        assertThat(LinkHeader.next(List.of("<https://a/x?page=1>; rel=\"first\", <https://a/x?page=1>; rel=\"prev\""))).isEmpty();
        assertThat(LinkHeader.next(List.of("<https://a/next-page>; rel=\"nextish\""))).isEmpty();
        assertThat(LinkHeader.next(List.of())).isEmpty();
    }
}
