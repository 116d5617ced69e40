package dev.dovetail.runtime.intake;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Which system and event a request is for, and what the server needs to know before reading the body. */
class RoutingTest extends IntakeTestSupport {
    private static final byte[] BODY = "{\"id\":\"1\"}".getBytes(UTF_8);

    @Test
    void an_unknown_event_is_refused_with_404() {
        var refused = refused(receive(IntakeFixture.request("shop", "order-cancelled", "application/json", Map.of(), BODY, NOW)));

        assertThat(refused).isEqualTo(new IntakeDecision.Refused(404, RefusalCode.UNKNOWN_EVENT, "system 'shop' declares no event 'order-cancelled'"));
    }

    @Test
    void an_event_that_is_not_a_webhook_is_refused_with_404() {
        var refused = refused(receive(IntakeFixture.request("shop", "daily-report", "application/json", Map.of(), BODY, NOW)));

        assertThat(refused).isEqualTo(new IntakeDecision.Refused(404, RefusalCode.NOT_A_WEBHOOK,
                "event 'daily-report' of system 'shop' does not come by webhook"));
    }

    @Test
    void names_from_the_url_are_quoted_without_control_characters() {
        var refused = refused(receive(IntakeFixture.request("evil\r\nX-Injected: 1", "e", "application/json", Map.of(), BODY, NOW)));

        assertThat(refused.message()).isEqualTo("there is no system 'evil  X-Injected: 1' in the workspace");
    }

    @Test
    void the_body_limit_of_each_webhook_event_is_known_before_reading_the_body() {
        assertThat(intake.bodyLimit(workspace, "shop", "order-placed")).isEqualTo(OptionalLong.of(1024 * 1024));
        assertThat(intake.bodyLimit(workspace, "erp", "invoice-posted")).isEqualTo(OptionalLong.of(64 * 1024));
        assertThat(intake.bodyLimit(workspace, "shop", "daily-report")).isEmpty();
        assertThat(intake.bodyLimit(workspace, "nope", "order-placed")).isEmpty();
    }

    @Test
    void the_request_describes_itself_without_body_or_header_values() {
        var request = IntakeFixture.request("shop", "order-placed", "application/json", IntakeFixture.signedHeaders(NOW, BODY), BODY, NOW);

        assertThat(request.toString()).isEqualTo("WebhookRequest[shop/order-placed, application/json, 10 bytes from 127.0.0.1]");
        assertThat(request.header("x-shop-timestamp")).contains(Long.toString(NOW.getEpochSecond()));
    }
}
