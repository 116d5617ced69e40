package dev.dovetail.runtime.intake;

import static dev.dovetail.runtime.intake.IntakeFixture.SHOP_SECRET;
import static dev.dovetail.runtime.intake.IntakeFixture.SIGNATURE_HEADER;
import static dev.dovetail.runtime.intake.IntakeFixture.TIMESTAMP_HEADER;
import static dev.dovetail.runtime.intake.IntakeFixture.hmacHex;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.model.Secret;
import dev.dovetail.model.SystemDef;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** RELIABILITY S3: HMAC signatures with a timestamp, a tolerance window and replay protection. */
class SignatureVerificationTest extends IntakeTestSupport {
    private static final String ORDER = "{\"order\":{\"id\":\"SO-1\",\"total\":12.50}}";
    private static final byte[] BODY = ORDER.getBytes(UTF_8);
    private static final String TS = Long.toString(NOW.getEpochSecond());

    private static WebhookRequest order(byte[] body, String signature, String timestamp) {
        return IntakeFixture.request("shop", "order-placed", "application/json",
                Map.of(SIGNATURE_HEADER, List.of(signature), TIMESTAMP_HEADER, List.of(timestamp)), body, NOW);
    }

    private static String signature(String secret, String timestamp, byte[] body) {
        return "sha256=" + hmacHex(secret, timestamp, body);
    }

    @Test
    void a_correctly_signed_request_is_accepted() {
        var accepted = accepted(receive(order(BODY, signature(SHOP_SECRET, TS, BODY), TS)));

        assertThat(accepted.event().recordKey()).isEqualTo("SO-1");
        assertThat(accepted.replayMark()).isPresent();
        assertThat(accepted.replayMark().get().expiresAt()).isEqualTo(NOW.plusSeconds(300));
    }

    @Test
    void a_one_bit_flip_in_the_body_is_refused() {
        byte[] flipped = BODY.clone();
        flipped[20] ^= 0x01;

        assertRefused(receive(order(flipped, signature(SHOP_SECRET, TS, BODY), TS)), 401, RefusalCode.SIGNATURE_INVALID);
    }

    @Test
    void a_one_bit_flip_in_the_timestamp_is_refused() {
        char[] ts = TS.toCharArray();
        ts[ts.length - 1] ^= 0x01;

        assertRefused(receive(order(BODY, signature(SHOP_SECRET, TS, BODY), new String(ts))), 401, RefusalCode.SIGNATURE_INVALID);
    }

    @Test
    void a_one_bit_flip_in_the_signature_is_refused() {
        char[] sig = signature(SHOP_SECRET, TS, BODY).toCharArray();
        sig[10] ^= 0x01;

        assertRefused(receive(order(BODY, new String(sig), TS)), 401, RefusalCode.SIGNATURE_INVALID);
    }

    @Test
    void a_timestamp_301_seconds_old_is_refused_as_stale_and_299_seconds_is_not() {
        String old = Long.toString(NOW.getEpochSecond() - 301);
        String recent = Long.toString(NOW.getEpochSecond() - 299);

        var stale = refused(receive(order(BODY, signature(SHOP_SECRET, old, BODY), old)));
        assertThat(stale.status()).isEqualTo(401);
        assertThat(stale.code()).isEqualTo(RefusalCode.STALE);
        assertThat(stale.message()).isEqualTo("the timestamp is 301 s behind the hub's clock; at most 300 s are accepted");
        accepted(receive(order(BODY, signature(SHOP_SECRET, recent, BODY), recent)));
    }

    @Test
    void a_timestamp_301_seconds_ahead_is_refused_as_stale() {
        String ahead = Long.toString(NOW.getEpochSecond() + 301);

        var stale = refused(receive(order(BODY, signature(SHOP_SECRET, ahead, BODY), ahead)));
        assertThat(stale.code()).isEqualTo(RefusalCode.STALE);
        assertThat(stale.message()).contains("301 s ahead of");
    }

    @Test
    void a_request_without_the_signature_header_is_refused() {
        var request = IntakeFixture.request("shop", "order-placed", "application/json", Map.of(TIMESTAMP_HEADER, List.of(TS)), BODY, NOW);

        var refused = refused(receive(request));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.code()).isEqualTo(RefusalCode.SIGNATURE_MISSING);
        assertThat(refused.message()).contains("X-Shop-Signature");
    }

    @Test
    void a_request_without_the_timestamp_header_is_refused() {
        var request = IntakeFixture.request("shop", "order-placed", "application/json",
                Map.of(SIGNATURE_HEADER, List.of(signature(SHOP_SECRET, TS, BODY))), BODY, NOW);

        assertRefused(receive(request), 401, RefusalCode.TIMESTAMP_MISSING);
    }

    @Test
    void a_signature_made_with_another_secret_is_refused() {
        assertRefused(receive(order(BODY, signature("an-old-secret", TS, BODY), TS)), 401, RefusalCode.SIGNATURE_INVALID);
    }

    @Test
    void during_key_rotation_a_header_with_the_old_and_the_new_signature_is_accepted() {
        String old = signature("the-previous-secret", TS, BODY);
        String current = signature(SHOP_SECRET, TS, BODY);

        accepted(receive(order(BODY, old + " " + current, TS)));
        accepted(receive(order(BODY, old + "," + current, TS)));
        accepted(receive(order(BODY, current + ", " + old, TS)));
    }

    @Test
    void a_re_serialised_json_body_no_longer_matches_its_signature() {
        byte[] pretty = "{\n  \"order\": {\n    \"id\": \"SO-1\",\n    \"total\": 12.5\n  }\n}".getBytes(UTF_8);

        assertRefused(receive(order(pretty, signature(SHOP_SECRET, TS, BODY), TS)), 401, RefusalCode.SIGNATURE_INVALID);
    }

    @Test
    void the_same_signed_request_is_refused_as_replayed_once_the_first_is_committed() {
        var request = order(BODY, signature(SHOP_SECRET, TS, BODY), TS);
        intake.committed(accepted(receive(request)));

        var replay = IntakeFixture.request("shop", "order-placed", "application/json", request.headers(), BODY, NOW.plusSeconds(60));
        var refused = refused(receive(replay));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.code()).isEqualTo(RefusalCode.REPLAYED);
    }

    @Test
    void a_signed_request_whose_append_failed_is_accepted_again_when_the_sender_retries_it() {
        var request = order(BODY, signature(SHOP_SECRET, TS, BODY), TS);
        var first = accepted(receive(request)); // the journal append fails: committed() is not called

        var retry = accepted(receive(request));
        assertThat(retry.event().dedupKey()).isEqualTo(first.event().dedupKey());
    }

    @Test
    void a_repeat_with_a_fresh_signature_is_accepted_with_the_same_dedup_key_so_the_journal_answers_200() {
        var first = accepted(receive(order(BODY, signature(SHOP_SECRET, TS, BODY), TS)));
        intake.committed(first);
        String later = Long.toString(NOW.getEpochSecond() + 5);

        var repeat = accepted(receive(order(BODY, signature(SHOP_SECRET, later, BODY), later)));
        assertThat(repeat.event().dedupKey()).isEqualTo(first.event().dedupKey());
    }

    @Test
    void a_replay_to_another_event_is_judged_on_its_own() {
        var first = accepted(receive(order(BODY, signature(SHOP_SECRET, TS, BODY), TS)));
        intake.committed(first);

        var sameSignatureOtherEvent = IntakeFixture.request("shop", "line-added", "application/json",
                Map.of(SIGNATURE_HEADER, List.of(signature(SHOP_SECRET, TS, BODY)), TIMESTAMP_HEADER, List.of(TS)), BODY, NOW);
        assertRefused(receive(sameSignatureOtherEvent), 422, RefusalCode.KEY_MISSING);
    }

    @Test
    void a_request_for_an_unknown_system_is_refused_with_404() {
        var request = IntakeFixture.request("no-such-connector", "order-placed", "application/json",
                Map.of(SIGNATURE_HEADER, List.of(signature(SHOP_SECRET, TS, BODY)), TIMESTAMP_HEADER, List.of(TS)), BODY, NOW);

        var refused = refused(receive(request));
        assertThat(refused).isEqualTo(new IntakeDecision.Refused(404, RefusalCode.UNKNOWN_SYSTEM,
                "there is no system 'no-such-connector' in the workspace"));
    }

    @Test
    void millisecond_timestamps_are_accepted_and_signed_as_sent() {
        String millis = Long.toString(NOW.toEpochMilli() - 1500);

        var accepted = accepted(receive(order(BODY, signature(SHOP_SECRET, millis, BODY), millis)));
        assertThat(accepted.replayMark().orElseThrow().expiresAt()).isEqualTo(NOW.minusMillis(1500).plusSeconds(300));
    }

    @Test
    void a_stale_millisecond_timestamp_is_reported_to_the_millisecond() {
        String millis = Long.toString(NOW.toEpochMilli() - 301_500);

        var stale = refused(receive(order(BODY, signature(SHOP_SECRET, millis, BODY), millis)));
        assertThat(stale.message()).isEqualTo("the timestamp is 301.5 s behind the hub's clock; at most 300 s are accepted");
    }

    @Test
    void upper_case_hex_and_a_missing_prefix_are_accepted() {
        accepted(receive(order(BODY, hmacHex(SHOP_SECRET, TS, BODY).toUpperCase(), TS)));
        accepted(receive(order(BODY, "SHA256=" + hmacHex(SHOP_SECRET, TS, BODY), TS)));
    }

    @Test
    void base64_signatures_are_accepted_where_the_event_declares_them() {
        byte[] body = "{\"id\":\"C-1\",\"version\":3}".getBytes(UTF_8);
        byte[] mac = IntakeFixture.hmac(SHOP_SECRET, (TS + ".").getBytes(UTF_8), body);
        var request = IntakeFixture.request("shop", "order-updated", "application/json",
                Map.of(SIGNATURE_HEADER, List.of(Base64.getEncoder().encodeToString(mac)), TIMESTAMP_HEADER, List.of(TS)), body, NOW);
        var urlSafe = IntakeFixture.request("shop", "order-updated", "application/json",
                Map.of(SIGNATURE_HEADER, List.of(Base64.getUrlEncoder().withoutPadding().encodeToString(mac)), TIMESTAMP_HEADER, List.of(TS)), body, NOW);

        accepted(receive(request));
        accepted(receive(urlSafe));
    }

    @Test
    void a_signature_without_a_timestamp_header_covers_the_body_alone_and_has_no_replay_window() {
        byte[] body = "{\"id\":\"H-1\"}".getBytes(UTF_8);
        var request = IntakeFixture.request("open", "legacy-hook", "application/json",
                Map.of(IntakeFixture.HUB_SIGNATURE_HEADER, List.of("sha256=" + HexFormat.of().formatHex(IntakeFixture.hmac(SHOP_SECRET, body)))),
                body, NOW);

        var accepted = accepted(receive(request));
        assertThat(accepted.replayMark()).isEmpty();
        intake.committed(accepted);
        accepted(receive(request)); // a redelivery is recognised by its dedup key instead
    }

    @Test
    void standard_webhooks_style_headers_with_a_v1_comma_prefix_are_understood() {
        var definition = new SystemDef.Signature("hmac-sha256", new Secret("s", "k"), "webhook-signature", Optional.of("webhook-timestamp"),
                "{timestamp}.{body}", Duration.ofSeconds(300), SystemDef.Encoding.BASE64, Optional.of("v1,"));
        byte[] first = new byte[32];
        byte[] second = new byte[32];
        second[0] = 7;
        String header = "v1," + Base64.getEncoder().encodeToString(first) + " v1," + Base64.getEncoder().encodeToString(second);

        var candidates = SignatureCheck.candidates(List.of(header), definition, 8);
        assertThat(candidates).hasSize(2);
        assertThat(candidates.get(1)).isEqualTo(second);
    }

    @Test
    void at_most_the_configured_number_of_signatures_is_tried() {
        String wrong = "sha256=" + "ab".repeat(32);
        String header = String.join(" ", java.util.Collections.nCopies(8, wrong)) + " " + signature(SHOP_SECRET, TS, BODY);

        assertRefused(receive(order(BODY, header, TS)), 401, RefusalCode.SIGNATURE_INVALID);
        var generous = new WebhookIntake(new IntakeOptions(64, 1 << 20, 1000, 100, 100_000, 1000, 9));
        accepted(generous.receive(workspace, engine, order(BODY, header, TS)));
    }

    @Test
    void the_signature_is_checked_before_the_body_is_parsed() {
        byte[] garbage = "{not json".getBytes(UTF_8);

        assertRefused(receive(order(garbage, signature("wrong", TS, garbage), TS)), 401, RefusalCode.SIGNATURE_INVALID);
        assertRefused(receive(order(garbage, signature(SHOP_SECRET, TS, garbage), TS)), 400, RefusalCode.MALFORMED_JSON);
    }

    @Test
    void a_signed_gzip_body_is_verified_over_its_decompressed_bytes() {
        var headers = Map.of(SIGNATURE_HEADER, List.of(signature(SHOP_SECRET, TS, BODY)), TIMESTAMP_HEADER, List.of(TS),
                "Content-Encoding", List.of("gzip"));
        var request = IntakeFixture.request("shop", "order-placed", "application/json", headers, HostileRequests.gzip(BODY), NOW);

        var accepted = accepted(receive(request));
        assertThat(accepted.event().payloadJson()).isEqualTo(ORDER);
    }

    @Test
    void replay_marks_of_one_instance_survive_a_workspace_reload() {
        var request = order(BODY, signature(SHOP_SECRET, TS, BODY), TS);
        intake.committed(accepted(receive(request)));
        var reloaded = IntakeFixture.load(workspaceRoot.resolve("reloaded"));

        assertRefused(intake.receive(reloaded, IntakeFixture.engine(reloaded), request), 401, RefusalCode.REPLAYED);
    }

    @Test
    void the_replay_window_is_measured_from_the_requests_arrival() {
        var request = order(BODY, signature(SHOP_SECRET, TS, BODY), TS);
        intake.committed(accepted(receive(request)));
        Instant later = NOW.plusSeconds(301);

        var lateReplay = IntakeFixture.request("shop", "order-placed", "application/json", request.headers(), BODY, later);
        assertRefused(receive(lateReplay), 401, RefusalCode.STALE);
    }
}
