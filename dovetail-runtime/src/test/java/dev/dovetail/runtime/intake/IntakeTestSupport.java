package dev.dovetail.runtime.intake;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.mapping.MappingEngine;
import dev.dovetail.model.Workspace;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The fixture workspace, loaded once per test class, and short ways to send it requests. */
abstract class IntakeTestSupport {
    @TempDir
    static Path workspaceRoot;

    static Workspace workspace;
    static MappingEngine engine;

    static final Instant NOW = Instant.parse("2026-05-01T08:00:00Z");

    final WebhookIntake intake = new WebhookIntake();

    @BeforeAll
    static void loadWorkspace() {
        workspace = IntakeFixture.load(workspaceRoot);
        engine = IntakeFixture.engine(workspace);
    }

    IntakeDecision receive(WebhookRequest request) {
        return intake.receive(workspace, engine, request);
    }

    static IntakeDecision.Accepted accepted(IntakeDecision decision) {
        assertThat(decision).isInstanceOf(IntakeDecision.Accepted.class);
        return (IntakeDecision.Accepted) decision;
    }

    static IntakeDecision.Refused refused(IntakeDecision decision) {
        assertThat(decision).isInstanceOf(IntakeDecision.Refused.class);
        return (IntakeDecision.Refused) decision;
    }

    static void assertRefused(IntakeDecision decision, int status, String code) {
        var refused = refused(decision);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(status);
        assertThat(refused.code()).as(refused.toString()).isEqualTo(code);
    }

    /** An unverified JSON request to {@code open/ping}. */
    static WebhookRequest ping(String json) {
        return IntakeFixture.request("open", "ping", "application/json", Map.of(), json.getBytes(UTF_8), NOW);
    }

    /** A request to an {@code erp} event with the right token. */
    static WebhookRequest erp(String event, String contentType, byte[] body) {
        return IntakeFixture.request("erp", event, contentType, Map.of(IntakeFixture.TOKEN_HEADER, List.of(IntakeFixture.ERP_TOKEN)), body, NOW);
    }

    static WebhookRequest erp(String event, String contentType, String body) {
        return erp(event, contentType, body.getBytes(UTF_8));
    }
}
