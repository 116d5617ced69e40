package dev.dovetail.sandbox.oa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.sandbox.common.Json;
import dev.dovetail.sandbox.common.Signatures;
import dev.dovetail.sandbox.junit.RecordingReceiver;
import dev.dovetail.sandbox.junit.SandboxSystem;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OaSandboxIT {

    static final RecordingReceiver receiver = RecordingReceiver.start();

    @RegisterExtension
    static final SandboxSystem oa = SandboxSystem.oa()
            .withOption("callback", receiver.url("/hooks/oa/approval").toString())
            .withOption("callback-token", "cb-token")
            .withOption("callback-retry-ms", "50");

    @RegisterExtension
    static final SandboxSystem expiring = SandboxSystem.oa().withOption("token-ttl", "0");

    private static final String FORM = """
            {"process_code": "PROC-DISCOUNT", "originator_user_id": "zhangsan",
             "form_component_values": [{"name": "客户", "value": "上海华东贸易有限公司"}, {"name": "折扣率", "value": "0.85"}]}
            """;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void fresh() {
        oa.control().reset();
        receiver.clear();
    }

    @AfterAll
    static void closeReceiver() {
        receiver.close();
    }

    @Test
    void gettoken_issues_a_token_for_the_right_app_and_refuses_others_with_an_errcode() throws Exception {
        Map<String, Object> ok = send("POST", "/oa/gettoken?appkey=dovetail&appsecret=oa-secret", null);
        assertThat(ok).containsEntry("errcode", 0).containsEntry("expires_in", 7200).containsKey("access_token");

        HttpResponse<String> wrong = raw("POST", "/oa/gettoken?appkey=dovetail&appsecret=wrong", null);
        assertThat(wrong.statusCode()).isEqualTo(200);
        assertThat(Json.readObject(wrong.body())).containsEntry("errcode", 40089);
    }

    @Test
    void calls_without_a_valid_token_answer_errcode_40014_and_expired_ones_42001() throws Exception {
        assertThat(send("POST", "/oa/processinstance/create", FORM)).containsEntry("errcode", 40014);
        assertThat(send("POST", "/oa/processinstance/create?access_token=nope", FORM)).containsEntry("errcode", 40014);

        String token = (String) Json.readObject(http.send(HttpRequest.newBuilder(expiring.baseUrl()
                        .resolve("/oa/gettoken?appkey=dovetail&appsecret=oa-secret")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).body()).get("access_token");
        HttpResponse<String> expired = http.send(HttpRequest.newBuilder(expiring.baseUrl()
                .resolve("/oa/processinstance/get?process_instance_id=x&access_token=" + token)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(Json.readObject(expired.body())).containsEntry("errcode", 42001);
    }

    @Test
    void an_approved_instance_is_completed_and_the_callback_is_signed() throws Exception {
        String token = token();
        Map<String, Object> created = send("POST", "/oa/processinstance/create?access_token=" + token, FORM);
        assertThat(created).containsEntry("errcode", 0);
        String id = (String) created.get("process_instance_id");
        assertThat(instance(token, id)).containsEntry("status", "RUNNING").containsEntry("result", "");

        oa.control().post("/_control/approve", Map.of("process_instance_id", id, "result", "agree", "remark", "同意"));

        RecordingReceiver.Received callback = receiver.next(Duration.ofSeconds(10));
        assertThat(callback.path()).isEqualTo("/hooks/oa/approval");
        Map<String, Object> event = Json.readObject(callback.body());
        assertThat(event).containsEntry("EventType", "bpms_instance_change").containsEntry("processInstanceId", id)
                .containsEntry("type", "finish").containsEntry("result", "agree").containsEntry("staffId", "manager01");
        String timestamp = callback.header("X-Oa-Timestamp");
        assertThat(Long.parseLong(timestamp)).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
        assertThat(callback.header("X-Oa-Signature"))
                .isEqualTo("sha256=" + Signatures.hmacSha256Hex("cb-token", timestamp + "." + callback.body()));

        Map<String, Object> done = instance(token, id);
        assertThat(done).containsEntry("status", "COMPLETED").containsEntry("result", "agree");
        assertThat((List<?>) done.get("operation_records")).hasSize(2);
    }

    @Test
    void a_refusal_through_the_approver_page_sends_a_refuse_callback() throws Exception {
        String token = token();
        String id = (String) send("POST", "/oa/processinstance/create?access_token=" + token, FORM).get("process_instance_id");
        String page = raw("GET", "/", null).body();
        assertThat(page).contains(id).contains("<form method=\"post\" action=\"/approve\">").contains("折扣率: 0.85");

        HttpResponse<String> form = http.send(HttpRequest.newBuilder(oa.baseUrl().resolve("/approve"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("process_instance_id=" + id + "&result=refuse")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(303);
        assertThat(form.headers().firstValue("Location")).hasValue("/");

        assertThat(Json.readObject(receiver.next(Duration.ofSeconds(10)).body())).containsEntry("result", "refuse");
        assertThat(instance(token, id)).containsEntry("status", "COMPLETED").containsEntry("result", "refuse");
    }

    @Test
    void a_decided_instance_cannot_be_decided_again() throws Exception {
        String token = token();
        String id = (String) send("POST", "/oa/processinstance/create?access_token=" + token, FORM).get("process_instance_id");
        oa.control().post("/_control/approve", Map.of("process_instance_id", id, "result", "agree"));
        HttpResponse<String> again = raw("POST", "/_control/approve", Json.write(Map.of("process_instance_id", id, "result", "refuse")));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(raw("POST", "/_control/approve", "{\"process_instance_id\":\"nope\",\"result\":\"agree\"}").statusCode()).isEqualTo(404);
    }

    @Test
    void a_failed_callback_is_retried() throws Exception {
        receiver.failNext(2, 502);
        String token = token();
        String id = (String) send("POST", "/oa/processinstance/create?access_token=" + token, FORM).get("process_instance_id");
        oa.control().post("/_control/approve", Map.of("process_instance_id", id, "result", "agree"));

        assertThat(Json.readObject(receiver.next(Duration.ofSeconds(10)).body())).containsEntry("processInstanceId", id);
        assertThat(receiver.all()).hasSize(3);
        assertThat(receiver.all()).extracting(r -> r.header("X-Oa-Delivery")).containsOnly(receiver.all().getFirst().header("X-Oa-Delivery"));
    }

    @Test
    void terminating_a_running_instance_ends_it_without_a_result() throws Exception {
        String token = token();
        String id = (String) send("POST", "/oa/processinstance/create?access_token=" + token, FORM).get("process_instance_id");
        assertThat(send("POST", "/oa/processinstance/terminate?access_token=" + token,
                "{\"process_instance_id\":\"" + id + "\",\"remark\":\"withdrawn\"}")).containsEntry("errcode", 0);
        assertThat(instance(token, id)).containsEntry("status", "TERMINATED").containsEntry("result", "");
        assertThat(Json.readObject(receiver.next(Duration.ofSeconds(10)).body())).containsEntry("type", "terminate");
    }

    @Test
    void a_form_without_required_fields_gets_errcode_40035() throws Exception {
        String token = token();
        Map<String, Object> answer = send("POST", "/oa/processinstance/create?access_token=" + token,
                "{\"process_code\":\"PROC-X\",\"originator_user_id\":\"u\",\"form_component_values\":[{\"name\":\"n\",\"value\":3}]}");
        assertThat(answer).containsEntry("errcode", 40035);
        assertThat((String) answer.get("errmsg")).contains("value: string");
        assertThat(send("GET", "/oa/processinstance/get?access_token=" + token + "&process_instance_id=missing", null))
                .containsEntry("errcode", 850001);
    }

    @Test
    void a_callback_registered_through_the_api_also_receives_events() throws Exception {
        String token = token();
        assertThat(send("POST", "/oa/callback/register?access_token=" + token, "{\"url\":\"" + receiver.url("/second")
                + "\",\"token\":\"t2\",\"call_back_tag\":[\"bpms_instance_change\"]}")).containsEntry("errcode", 0);
        String id = (String) send("POST", "/oa/processinstance/create?access_token=" + token, FORM).get("process_instance_id");
        oa.control().post("/_control/approve", Map.of("process_instance_id", id, "result", "agree"));

        var first = receiver.next(Duration.ofSeconds(10));
        var second = receiver.next(Duration.ofSeconds(10));
        var viaApi = first.path().equals("/second") ? first : second;
        assertThat(viaApi.path()).isEqualTo("/second");
        assertThat(viaApi.header("X-Oa-Signature"))
                .isEqualTo("sha256=" + Signatures.hmacSha256Hex("t2", viaApi.header("X-Oa-Timestamp") + "." + viaApi.body()));
    }

    @Test
    void instances_and_tokens_survive_a_restart() throws Exception {
        String token = token();
        String id = (String) send("POST", "/oa/processinstance/create?access_token=" + token, FORM).get("process_instance_id");
        oa.restart();
        assertThat(instance(token, id)).containsEntry("status", "RUNNING");
        oa.control().post("/_control/approve", Map.of("process_instance_id", id, "result", "agree"));
        assertThat(Json.readObject(receiver.next(Duration.ofSeconds(10)).body())).containsEntry("processInstanceId", id);
    }

    @Test
    void seeding_gives_the_same_waiting_instances_every_time() throws Exception {
        oa.control().seed();
        String token = token();
        Map<String, Object> list = send("GET", "/oa/processinstance/list?status=RUNNING&access_token=" + token, null);
        assertThat((List<?>) list.get("list")).hasSize(3);
        assertThat(instance(token, Approvals.seedId(2))).containsEntry("process_code", "PROC-PURCHASE");
    }

    // --- helpers

    private String token() throws Exception {
        return (String) send("POST", "/oa/gettoken?appkey=dovetail&appsecret=oa-secret", null).get("access_token");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> instance(String token, String id) throws Exception {
        Map<String, Object> answer = send("GET", "/oa/processinstance/get?access_token=" + token + "&process_instance_id=" + id, null);
        assertThat(answer).containsEntry("errcode", 0);
        return (Map<String, Object>) answer.get("process_instance");
    }

    private Map<String, Object> send(String method, String path, String body) throws Exception {
        HttpResponse<String> response = raw(method, path, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.readObject(response.body());
    }

    private HttpResponse<String> raw(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(oa.baseUrl() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
