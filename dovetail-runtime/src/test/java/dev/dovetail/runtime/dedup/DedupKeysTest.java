package dev.dovetail.runtime.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.mapping.JsonataSyntax;
import dev.dovetail.mapping.MappingEngine;
import dev.dovetail.model.Environment;
import dev.dovetail.model.Workspace;
import dev.dovetail.model.WorkspaceLoader;
import dev.dovetail.runtime.intake.IntakeDecision;
import dev.dovetail.runtime.intake.WebhookIntake;
import dev.dovetail.runtime.intake.WebhookRequest;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared convention gives the same dedup keys as webhook intake, so a record is one record however it arrives. */
class DedupKeysTest {

    @TempDir
    Path folder;

    private Workspace workspace() throws IOException {
        Files.writeString(folder.resolve("dovetail.yaml"), "name: dedup-test\n");
        Files.createDirectories(folder.resolve("systems"));
        Files.writeString(folder.resolve("systems/crm.yaml"), """
                connector: http
                connection: {baseUrl: "http://crm.invalid"}
                events:
                  account-changed:
                    key: account.id
                    version: account.version
                    webhook: {}
                  order-won:
                    key: id
                    webhook: {}
                """);
        var load = new WorkspaceLoader(Environment.of(Map.of()), new JsonataSyntax()).load(folder);
        assertThat(load.report().errors()).isEmpty();
        return load.workspace().orElseThrow();
    }

    private String intakeDedupKey(String event, String body) throws IOException {
        var workspace = workspace();
        var request = new WebhookRequest("crm", event, "application/json", Map.of(), body.getBytes(StandardCharsets.UTF_8), "",
                Instant.parse("2026-03-01T08:00:00Z"));
        var decision = new WebhookIntake().receive(workspace, MappingEngine.of(workspace), request);
        assertThat(decision).isInstanceOf(IntakeDecision.Accepted.class);
        return ((IntakeDecision.Accepted) decision).event().dedupKey();
    }

    @Test
    void a_versioned_record_has_the_dedup_key_webhook_intake_gives_it() throws IOException {
        String fromIntake = intakeDedupKey("account-changed", "{\"account\":{\"id\":\"A-1\",\"version\":7.50,\"name\":\"x\"}}");

        assertThat(DedupKeys.ofVersion("crm", "account-changed", "A-1", DedupKeys.text(new BigDecimal("7.5")).orElseThrow()))
                .isEqualTo(fromIntake);
    }

    @Test
    void a_record_without_a_version_has_the_dedup_key_webhook_intake_gives_it() throws IOException {
        String fromIntake = intakeDedupKey("order-won", "{\"id\":\"SO-1\",\"total\":12.50,\"lines\":[{\"sku\":\"A\",\"qty\":2}],\"vip\":true,\"note\":null}");
        var record = new LinkedHashMap<String, Object>();
        record.put("vip", true);
        record.put("note", null);
        record.put("lines", List.of(Map.of("qty", 2L, "sku", "A")));
        record.put("total", new BigDecimal("12.5"));
        record.put("id", "SO-1");

        assertThat(DedupKeys.ofPayload("crm", "order-won", "SO-1", record)).isEqualTo(fromIntake);
    }

    @Test
    void numbers_are_canonical_in_keys_and_hashes() {
        assertThat(DedupKeys.text(new BigDecimal("10.50"))).contains("10.5");
        assertThat(DedupKeys.text(7.0d)).contains("7");
        assertThat(DedupKeys.text(Map.of())).isEmpty();
        assertThat(DedupKeys.canonicalHash(Map.of("a", new BigDecimal("1.0")))).isEqualTo(DedupKeys.canonicalHash(Map.of("a", 1L)));
    }
}
