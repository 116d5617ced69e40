package dev.dovetail.sandbox.crm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.sandbox.common.Json;
import dev.dovetail.sandbox.common.Signatures;
import dev.dovetail.sandbox.junit.Poll;
import dev.dovetail.sandbox.junit.RecordingReceiver;
import dev.dovetail.sandbox.junit.SandboxSystem;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CrmSandboxIT {

    static final RecordingReceiver receiver = RecordingReceiver.start();

    @RegisterExtension
    static final SandboxSystem crm = SandboxSystem.crm()
            .withOption("rate-limit", "1000")
            .withOption("webhook-retry-ms", "50")
            .withOption("webhook-duplicate-probability", "0");

    @RegisterExtension
    static final SandboxSystem duplicating = SandboxSystem.crm()
            .withOption("webhook", "account.*=" + receiver.url("/dup"))
            .withOption("webhook-duplicate-probability", "1");

    @RegisterExtension
    static final SandboxSystem limited = SandboxSystem.crm().withOption("rate-limit", "2");

    @RegisterExtension
    static final SandboxSystem expiring = SandboxSystem.crm().withOption("token-ttl", "0");

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void fresh() {
        crm.control().reset();
        crm.control().seed();
        receiver.clear();
    }

    @AfterAll
    static void closeReceiver() {
        receiver.close();
    }

    @Test
    void a_client_gets_a_bearer_token_with_form_fields_or_basic_auth() throws Exception {
        HttpResponse<String> form = tokenRequest(crm, "grant_type=client_credentials&client_id=dovetail&client_secret=crm-secret", null);
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(Json.readObject(form.body())).containsEntry("token_type", "Bearer").containsEntry("expires_in", 3600)
                .containsKey("access_token");

        String basic = Base64.getEncoder().encodeToString("dovetail:crm-secret".getBytes(StandardCharsets.UTF_8));
        assertThat(tokenRequest(crm, "grant_type=client_credentials", "Basic " + basic).statusCode()).isEqualTo(200);
    }

    @Test
    void a_wrong_secret_or_grant_is_refused_as_oauth2_says() throws Exception {
        HttpResponse<String> wrong = tokenRequest(crm, "grant_type=client_credentials&client_id=dovetail&client_secret=nope", null);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("invalid_client");
        HttpResponse<String> grant = tokenRequest(crm, "grant_type=password&client_id=dovetail&client_secret=crm-secret", null);
        assertThat(grant.statusCode()).isEqualTo(400);
        assertThat(grant.body()).contains("unsupported_grant_type");
    }

    @Test
    void api_calls_without_a_valid_bearer_token_get_401() throws Exception {
        HttpResponse<String> none = http.send(HttpRequest.newBuilder(crm.baseUrl().resolve("/api/accounts")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(call(crm, "made-up-token", "GET", "/api/accounts", null).statusCode()).isEqualTo(401);
    }

    @Test
    void an_expired_token_gets_401() throws Exception {
        HttpResponse<String> answer = call(expiring, token(expiring), "GET", "/api/accounts", null);
        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).contains("expired");
    }

    @Test
    void cursor_paging_returns_every_record_once() throws Exception {
        String token = token(crm);
        List<String> ids = new ArrayList<>();
        String cursor = "";
        int pages = 0;
        do {
            Map<String, Object> page = json(call(crm, token, "GET", "/api/opportunities?limit=5&cursor=" + cursor, null));
            for (Object record : (List<?>) page.get("data")) {
                ids.add((String) ((Map<?, ?>) record).get("id"));
            }
            cursor = (String) page.get("nextCursor");
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(ids).hasSize(12).doesNotHaveDuplicates().contains("OPP-000001", "OPP-000012");
    }

    @Test
    void updated_since_returns_only_what_changed_since_then() throws Exception {
        String token = token(crm);
        Map<String, Object> changed = json(call(crm, token, "PATCH", "/api/accounts/ACC-3", "{\"phone\":\"020-11112222\"}"));
        String since = (String) changed.get("updatedAt");

        Map<String, Object> page = json(call(crm, token, "GET", "/api/accounts?updatedSince=" + since, null));
        assertThat((List<?>) page.get("data")).singleElement()
                .satisfies(r -> assertThat(((Map<?, ?>) r).get("id")).isEqualTo("ACC-3"));
        String offset = Instant.parse(since).atOffset(java.time.ZoneOffset.ofHours(8)).toString();
        Map<String, Object> same = json(call(crm, token, "GET", "/api/accounts?updatedSince="
                + URLEncoder.encode(offset, StandardCharsets.UTF_8), null));
        assertThat((List<?>) same.get("data")).hasSize(1);
        assertThat(call(crm, token, "GET", "/api/accounts?updatedSince=yesterday", null).statusCode()).isEqualTo(400);
    }

    @Test
    void a_change_bumps_updated_at_and_version_but_a_no_op_patch_does_not() throws Exception {
        String token = token(crm);
        Map<String, Object> before = json(call(crm, token, "GET", "/api/opportunities/OPP-000002", null));
        Map<String, Object> after = json(call(crm, token, "PATCH", "/api/opportunities/OPP-000002", "{\"stage\":\"Negotiation\",\"amount\":5000}"));
        assertThat((String) after.get("updatedAt")).isGreaterThan((String) before.get("updatedAt"));
        assertThat(after.get("version")).isEqualTo(((Number) before.get("version")).intValue() + 1);
        assertThat(after).containsEntry("stage", "Negotiation").containsEntry("amount", 5000);

        Map<String, Object> again = json(call(crm, token, "PATCH", "/api/opportunities/OPP-000002", "{\"stage\":\"Negotiation\"}"));
        assertThat(again.get("updatedAt")).isEqualTo(after.get("updatedAt"));
        assertThat(again.get("version")).isEqualTo(after.get("version"));
    }

    @Test
    void create_fills_ids_and_defaults_and_get_returns_the_record() throws Exception {
        String token = token(crm);
        HttpResponse<String> created = call(crm, token, "POST", "/api/opportunities",
                "{\"accountId\":\"ACC-42\",\"stage\":\"Proposal\",\"lines\":[{\"sku\":\"SKU-1\",\"qty\":3,\"unitPrice\":100.5}]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(422);
        assertThat(created.body()).contains("accountId").contains("ACC-42");

        created = call(crm, token, "POST", "/api/opportunities",
                "{\"accountId\":\"ACC-2\",\"stage\":\"Proposal\",\"lines\":[{\"sku\":\"SKU-1\",\"qty\":3,\"unitPrice\":100.5}]}");
        assertThat(created.statusCode()).isEqualTo(201);
        Map<String, Object> record = json(created);
        assertThat(record).containsEntry("id", "OPP-000013").containsEntry("currency", "CNY").containsEntry("version", 1);
        assertThat(new java.math.BigDecimal(record.get("amount").toString())).isEqualByComparingTo("301.5");
        assertThat(created.headers().firstValue("Location")).hasValue("/api/opportunities/OPP-000013");
        assertThat(json(call(crm, token, "GET", "/api/opportunities/OPP-000013", null))).isEqualTo(record);
        assertThat(call(crm, token, "GET", "/api/opportunities/OPP-999999", null).statusCode()).isEqualTo(404);
    }

    @Test
    void invalid_records_are_refused_with_422_naming_the_field() throws Exception {
        String token = token(crm);
        HttpResponse<String> stage = call(crm, token, "PATCH", "/api/opportunities/OPP-000001", "{\"stage\":\"Won\"}");
        assertThat(stage.statusCode()).isEqualTo(422);
        assertThat(stage.body()).contains("stage: must be one of");
        HttpResponse<String> unknown = call(crm, token, "POST", "/api/accounts", "{\"name\":\"X\",\"nmae\":\"typo\"}");
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(unknown.body()).contains("nmae: unknown field");
    }

    @Test
    void too_many_requests_get_429_with_retry_after() throws Exception {
        String token = token(limited);
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> rejected = null;
        for (int i = 0; i < 10 && rejected == null; i++) {
            HttpResponse<String> answer = call(limited, token, "GET", "/api/products", null);
            statuses.add(answer.statusCode());
            if (answer.statusCode() == 429) {
                rejected = answer;
            }
        }
        assertThat(rejected).as("statuses %s", statuses).isNotNull();
        assertThat(statuses.getFirst()).isEqualTo(200);
        assertThat(rejected.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        assertThat(rejected.body()).contains("rate_limited");
    }

    @Test
    void winning_an_opportunity_sends_a_signed_webhook() throws Exception {
        String token = token(crm);
        assertThat(call(crm, token, "POST", "/api/webhooks", "{\"url\":\"" + receiver.url("/hooks/crm/won")
                + "\",\"events\":[\"opportunity.won\"],\"secret\":\"s3cret\"}").statusCode()).isEqualTo(201);

        Map<String, Object> won = json(call(crm, token, "POST", "/api/opportunities/OPP-000001/win", null));
        assertThat(won).containsEntry("stage", "Closed Won");

        RecordingReceiver.Received hook = receiver.next(Duration.ofSeconds(10));
        assertThat(hook.path()).isEqualTo("/hooks/crm/won");
        assertThat(hook.header("X-Crm-Event")).isEqualTo("opportunity.won");
        assertThat(hook.header("X-Crm-Delivery")).startsWith("dlv_");
        long timestamp = Long.parseLong(hook.header("X-Crm-Timestamp"));
        assertThat(timestamp).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
        assertThat(hook.header("X-Crm-Signature"))
                .isEqualTo("sha256=" + Signatures.hmacSha256Hex("s3cret", timestamp + "." + hook.body()));
        assertThat(Json.readObject(hook.body())).isEqualTo(won);
    }

    @Test
    void a_failed_webhook_is_retried_with_the_same_delivery_id() throws Exception {
        String token = token(crm);
        call(crm, token, "POST", "/api/webhooks", "{\"url\":\"" + receiver.url("/in") + "\",\"events\":[\"account.*\"]}");
        receiver.failNext(1, 500);

        call(crm, token, "PATCH", "/api/accounts/ACC-1", "{\"city\":\"上海浦东\"}");

        RecordingReceiver.Received delivered = receiver.next(Duration.ofSeconds(10));
        assertThat(delivered.header("X-Crm-Event")).isEqualTo("account.updated");
        assertThat(receiver.all()).hasSize(2);
        assertThat(receiver.all().getFirst().header("X-Crm-Delivery")).isEqualTo(delivered.header("X-Crm-Delivery"));
        String timestamp = delivered.header("X-Crm-Timestamp");
        assertThat(delivered.header("X-Crm-Signature"))
                .isEqualTo("sha256=" + Signatures.hmacSha256Hex("crm-webhook-secret", timestamp + "." + delivered.body()));
        Poll.until(Duration.ofSeconds(5), "delivery counted", () -> crm.control().stat("webhooks.delivered") == 1);
        assertThat(crm.control().stat("webhooks.failedAttempts")).isEqualTo(1);
    }

    @Test
    void with_duplicate_probability_one_every_webhook_arrives_twice() throws Exception {
        String token = token(duplicating);
        call(duplicating, token, "POST", "/api/accounts", "{\"name\":\"重复测试有限公司\"}");

        var first = receiver.next(Duration.ofSeconds(10));
        var second = receiver.next(Duration.ofSeconds(10));
        assertThat(first.path()).isEqualTo("/dup");
        assertThat(second.header("X-Crm-Delivery")).isEqualTo(first.header("X-Crm-Delivery"));
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(first.header("X-Crm-Event")).isEqualTo("account.created");
    }

    @Test
    void records_tokens_and_subscriptions_survive_a_restart() throws Exception {
        String token = token(crm);
        call(crm, token, "POST", "/api/webhooks", "{\"url\":\"" + receiver.url("/after-restart") + "\",\"events\":[\"product.created\"]}");
        Map<String, Object> created = json(call(crm, token, "POST", "/api/products", "{\"sku\":\"SKU-77\",\"name\":\"重启测试\"}"));
        receiver.next(Duration.ofSeconds(10));

        crm.restart();

        assertThat(json(call(crm, token, "GET", "/api/products/" + created.get("id"), null))).isEqualTo(created);
        call(crm, token, "POST", "/api/products", "{\"sku\":\"SKU-78\",\"name\":\"重启之后\"}");
        assertThat(receiver.next(Duration.ofSeconds(10)).path()).isEqualTo("/after-restart");
    }

    @Test
    void an_injected_failure_hits_the_api_and_then_it_recovers() throws Exception {
        String token = token(crm);
        crm.control().failNext(1, 503);
        assertThat(call(crm, token, "GET", "/api/accounts", null).statusCode()).isEqualTo(503);
        assertThat(call(crm, token, "GET", "/api/accounts", null).statusCode()).isEqualTo(200);
    }

    @Test
    void the_page_lists_opportunities_and_accounts() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(crm.baseUrl().resolve("/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(page.body()).contains("OPP-000012").contains("上海华东贸易有限公司").contains("Closed Won");
    }

    @Test
    void seeding_is_deterministic() throws Exception {
        String token = token(crm);
        var first = json(call(crm, token, "GET", "/api/opportunities/OPP-000004", null));
        crm.control().reset();
        crm.control().seed();
        var second = json(call(crm, token(crm), "GET", "/api/opportunities/OPP-000004", null));
        for (var field : List.of("accountId", "stage", "amount", "closeDate", "lines", "owner")) {
            assertThat(second.get(field)).as(field).isEqualTo(first.get(field));
        }
    }

    // --- helpers

    private String token(SandboxSystem system) throws Exception {
        HttpResponse<String> answer = tokenRequest(system, "grant_type=client_credentials&client_id=dovetail&client_secret=crm-secret", null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return (String) Json.readObject(answer.body()).get("access_token");
    }

    private HttpResponse<String> tokenRequest(SandboxSystem system, String form, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(system.baseUrl().resolve("/api/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> call(SandboxSystem system, String token, String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(system.baseUrl() + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Object> json(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return Json.readObject(response.body());
    }
}
