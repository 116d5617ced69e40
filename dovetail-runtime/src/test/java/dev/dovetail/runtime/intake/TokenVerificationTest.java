package dev.dovetail.runtime.intake;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.model.Secret;
import dev.dovetail.model.SystemDef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenVerificationTest extends IntakeTestSupport {
    private static final String INVOICE = "<invoice><number>INV-1</number></invoice>";

    private static WebhookRequest invoice(Map<String, List<String>> headers) {
        return IntakeFixture.request("erp", "invoice-posted", "application/xml", headers, INVOICE.getBytes(UTF_8), NOW);
    }

    @Test
    void the_agreed_token_is_accepted() {
        assertThat(accepted(receive(invoice(Map.of(IntakeFixture.TOKEN_HEADER, List.of(IntakeFixture.ERP_TOKEN))))).replayMark()).isEmpty();
    }

    @Test
    void the_token_header_name_is_matched_without_regard_to_case() {
        accepted(receive(invoice(Map.of("x-erp-token", List.of(IntakeFixture.ERP_TOKEN)))));
    }

    @Test
    void a_wrong_token_is_refused() {
        var refused = refused(receive(invoice(Map.of(IntakeFixture.TOKEN_HEADER, List.of(IntakeFixture.ERP_TOKEN + "0")))));

        assertThat(refused).isEqualTo(new IntakeDecision.Refused(401, RefusalCode.TOKEN_INVALID,
                "the X-Erp-Token token is not the one agreed for this webhook"));
    }

    @Test
    void a_missing_token_is_refused() {
        assertRefused(receive(invoice(Map.of())), 401, RefusalCode.TOKEN_MISSING);
    }

    @Test
    void a_bearer_scheme_is_allowed_in_an_authorization_header() throws Refusal {
        var check = new SystemDef.TokenCheck("Authorization", new Secret("t", "s3cret"));

        TokenCheck.verify(check, invoice(Map.of("Authorization", List.of("Bearer s3cret"))));
        TokenCheck.verify(check, invoice(Map.of("Authorization", List.of("s3cret"))));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TokenCheck.verify(check, invoice(Map.of("Authorization", List.of("Basic s3cret")))))
                .isInstanceOf(Refusal.class);
    }

    @Test
    void a_webhook_without_signature_or_token_accepts_anyone() {
        accepted(receive(ping("{\"id\":\"P-1\"}")));
    }
}
