package dev.dovetail.runtime.flow;

import static dev.dovetail.runtime.flow.ScriptedSystem.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.spi.DeliveryOutcome;
import dev.dovetail.spi.RequestBody;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Enrich (call an operation, merge the answer) and reply (the webhook's synchronous answer). */
class EnrichAndReplyTest extends FlowTesting {

    static final String ENRICHED = """
            trigger: {event: crm.order-won}
            steps:
              - enrich:
                  operation: crm.getAccount
                  merge: '$merge([$, {"accountName": $answer.name, "vip": $answer.vip}])'
              - deliver: erp.createSalesOrder
            """;

    @Test
    void enrich_calls_the_operation_with_values_from_the_message_and_merges_the_mapped_answer() {
        givenFlow(ENRICHED);
        crm.answer("getAccount", ok(json("{\"account_name\":\"Acme Ltd\",\"tier\":\"gold\"}")));

        as(run(json("{\"id\":\"OPP-1\",\"accountId\":\"ACC-42\"}")), FlowRun.Completed.class);

        assertThat(crm.calls()).singleElement().satisfies(call -> {
            assertThat(call.pathParams()).containsExactly(Map.entry("accountId", "ACC-42"));
            assertThat(call.queryParams()).containsExactly(Map.entry("fields", "name,vip"));
            assertThat(call.body()).isEqualTo(RequestBody.none());
        });
        assertThat(erp.calls()).singleElement().extracting(c -> c.body()).isEqualTo(RequestBody.json(json("""
                {"id":"OPP-1","accountId":"ACC-42","accountName":"Acme Ltd","vip":true}""")));
    }

    @Test
    void enrich_without_a_merge_expression_adds_the_answer_fields_to_the_message() {
        givenFlow("""
                trigger: {event: crm.order-won}
                steps:
                  - enrich: {operation: crm.getAccount}
                  - deliver: erp.createSalesOrder
                """);
        crm.answer("getAccount", ok(json("{\"account_name\":\"Acme Ltd\",\"tier\":\"silver\"}")));

        as(run(json("{\"accountId\":\"ACC-42\"}")), FlowRun.Completed.class);

        assertThat(erp.calls()).singleElement().extracting(c -> c.body()).isEqualTo(RequestBody.json(json("""
                {"accountId":"ACC-42","name":"Acme Ltd","vip":false}""")));
    }

    @Test
    void an_enrich_call_that_cannot_get_through_retries_later_and_delivers_nothing() {
        givenFlow(ENRICHED);
        crm.answer("getAccount", new DeliveryOutcome.RetryLater(Duration.ofSeconds(2), "HTTP 429", 429, null));

        var later = as(run(json("{\"accountId\":\"ACC-42\"}")), FlowRun.RetryLater.class);

        assertThat(later.step()).isEqualTo(new StepRef(StepPath.of(0), "enrich", 3));
        assertThat(later.after()).contains(Duration.ofSeconds(2));
        assertThat(erp.calls()).isEmpty();
    }

    @Test
    void an_enrich_call_the_system_refuses_fails_for_good() {
        givenFlow(ENRICHED);
        crm.answer("getAccount", new DeliveryOutcome.Rejected("HTTP 404", 404, "{\"error\":\"no such account\"}"));

        var failed = as(run(json("{\"accountId\":\"ACC-404\"}")), FlowRun.Failed.class);

        assertThat(failed.reason()).isEqualTo("crm.getAccount rejected the call (status 404): HTTP 404");
        assertThat(failed.detail()).isEqualTo("{\"error\":\"no such account\"}");
    }

    @Test
    void a_merge_that_fails_fails_for_good_at_the_enrich_step() {
        givenFlow("""
                trigger: {event: crm.order-won}
                steps:
                  - enrich: {operation: crm.getAccount, merge: '$merge([$, $answer.name])'}
                """);
        crm.answer("getAccount", ok(json("{\"account_name\":\"Acme\"}")));

        var failed = as(run(json("{\"accountId\":\"ACC-1\"}")), FlowRun.Failed.class);

        assertThat(failed.step()).isEqualTo(new StepRef(StepPath.of(0), "enrich", 3));
        assertThat(failed.reason()).startsWith("merge failed: ");
    }

    @Test
    void the_reply_gives_its_status_and_the_body_evaluated_over_the_message_at_that_point() {
        givenFlow("""
                trigger: {event: crm.order-won}
                steps:
                  - map: erp/order.out
                  - reply: {status: 202, body: '{"orderNo": XSDDH, "total": JE_FEN}'}
                  - deliver: erp.createSalesOrder
                """);

        var completed = as(run(json(WON_ORDER)), FlowRun.Completed.class);

        assertThat(completed.reply()).contains(new Reply(202, json("{\"orderNo\":\"OPP-000123\",\"total\":123450}")));
    }

    @Test
    void only_the_first_reply_reached_is_the_answer() {
        givenFlow("""
                trigger: {event: crm.order-won}
                steps:
                  - reply: {status: 200, body: '"first"'}
                  - reply: {status: 500, body: '"second"'}
                """);

        var completed = as(run(json("{}")), FlowRun.Completed.class);

        assertThat(completed.reply()).contains(new Reply(200, "first"));
        assertThat(completed.trace().steps().get(1).outcome()).isEqualTo("ignored: the reply was already given");
    }

    @Test
    void a_reply_before_a_filter_that_stops_the_message_is_still_the_answer() {
        givenFlow("""
                trigger: {event: crm.order-won}
                steps:
                  - reply: {status: 204}
                  - filter: "false"
                """);

        var filtered = as(run(json("{}")), FlowRun.Filtered.class);

        assertThat(filtered.reply()).contains(new Reply(204, null));
    }
}
