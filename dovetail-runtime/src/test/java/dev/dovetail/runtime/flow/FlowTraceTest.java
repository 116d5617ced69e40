package dev.dovetail.runtime.flow;

import static dev.dovetail.runtime.flow.ScriptedSystem.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.model.OperationRef;
import dev.dovetail.spi.DeliveryOutcome;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a run's trace keeps: steps, timings, payloads before and after (masked), calls and answers. */
class FlowTraceTest extends FlowTesting {

    static final String CUSTOMER_RELAY = """
            trigger: {event: crm.order-won}
            steps:
              - map: {expression: '{"name": name, "phone": phone, "idCard": idCard, "password": password}'}
              - deliver: erp.createSalesOrder
            """;

    static final String CUSTOMER = """
            {"name":"Li Lei","phone":"13812345678","idCard":"110101199003074512","password":"s3cret-pass","extra":1}""";

    @Test
    void each_step_is_traced_with_its_kind_line_and_timing() {
        givenFlow(CUSTOMER_RELAY);

        var trace = run(json(CUSTOMER)).trace();

        assertThat(trace.flow()).isEqualTo("f");
        assertThat(trace.eventId()).isEqualTo("evt-1");
        assertThat(trace.outcome()).isEqualTo("completed");
        assertThat(trace.startedAt()).isEqualTo(Instant.parse("2026-11-20T02:15:00Z"));
        assertThat(trace.duration()).isPositive();
        assertThat(trace.steps()).extracting(Trace.StepTrace::path, Trace.StepTrace::kind, Trace.StepTrace::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(StepPath.of(0), "map", 3),
                        org.assertj.core.groups.Tuple.tuple(StepPath.of(1), "deliver", 4));
        assertThat(trace.steps()).allSatisfy(step -> assertThat(step.duration()).isPositive());
    }

    @Test
    void a_map_step_keeps_the_message_before_and_after_with_sensitive_fields_masked() {
        givenFlow(CUSTOMER_RELAY);

        var map = run(json(CUSTOMER)).trace().steps().getFirst();

        assertThat(map.before()).isEqualTo(json("""
                {"name":"Li Lei","phone":"****5678","idCard":"****4512","password":"****","extra":1}"""));
        assertThat(map.after()).isEqualTo(json("""
                {"name":"Li Lei","phone":"****5678","idCard":"****4512","password":"****"}"""));
    }

    @Test
    void masking_in_the_trace_leaves_what_is_delivered_untouched() {
        givenFlow(CUSTOMER_RELAY);

        run(json(CUSTOMER));

        assertThat(erp.calls().getFirst().body()).isEqualTo(dev.dovetail.spi.RequestBody.json(json("""
                {"name":"Li Lei","phone":"13812345678","idCard":"110101199003074512","password":"s3cret-pass"}""")));
    }

    @Test
    void each_delivery_attempt_is_traced_with_outcome_status_and_a_masked_answer() {
        givenFlow(CUSTOMER_RELAY);
        erp.answer("createSalesOrder", new DeliveryOutcome.Rejected("HTTP 409", 409,
                "{\"error\":\"duplicate\",\"phone\":\"13812345678\"}"));

        var failed = as(run(json(CUSTOMER)), FlowRun.Failed.class);

        var call = failed.trace().steps().get(1).calls().getFirst();
        assertThat(call.target()).isEqualTo(new OperationRef("erp", "createSalesOrder"));
        assertThat(call.idempotencyKey()).isEqualTo("evt-1:1:erp.createSalesOrder");
        assertThat(call.outcome()).isEqualTo(Trace.CallOutcome.REJECTED);
        assertThat(call.status()).isEqualTo(409);
        assertThat(call.response()).isEqualTo("{\"error\":\"duplicate\",\"phone\":\"****5678\"}");
        assertThat(call.note()).isEqualTo("HTTP 409");
        assertThat(failed.detail()).isEqualTo("{\"error\":\"duplicate\",\"phone\":\"****5678\"}");
        assertThat(failed.trace().outcome()).isEqualTo("failed: erp.createSalesOrder rejected the call (status 409): HTTP 409");
    }

    @Test
    void an_accepted_answer_is_kept_as_masked_json_text() {
        givenFlow(CUSTOMER_RELAY);
        erp.answer("createSalesOrder", new DeliveryOutcome.Delivered(201,
                json("{\"id\":\"K-1\",\"bankCard\":\"6222020200112233445\"}"), java.util.Map.of()));

        var call = run(json(CUSTOMER)).trace().steps().get(1).calls().getFirst();

        assertThat(call.outcome()).isEqualTo(Trace.CallOutcome.DELIVERED);
        assertThat(call.status()).isEqualTo(201);
        assertThat(call.response()).isEqualTo("{\"id\":\"K-1\",\"bankCard\":\"****3445\"}");
    }

    @Test
    void the_trace_is_stored_as_json() {
        givenFlow(CUSTOMER_RELAY);
        erp.answer("createSalesOrder", new DeliveryOutcome.RetryLater(Duration.ofSeconds(1), "HTTP 503", 503, "busy"));

        var text = run(json(CUSTOMER)).trace().toJson();

        assertThat(TestWorkspace.json(text)).isEqualTo(json("""
                {"flow":"f","eventId":"evt-1","start":"0","startedAt":"2026-11-20T02:15:00Z","durationMicros":7000,
                 "outcome":"retry later: erp.createSalesOrder: HTTP 503",
                 "steps":[
                   {"path":"0","kind":"map","line":3,"startedAt":"2026-11-20T02:15:00.001Z","durationMicros":1000,"outcome":"mapped",
                    "before":{"name":"Li Lei","phone":"****5678","idCard":"****4512","password":"****","extra":1},
                    "after":{"name":"Li Lei","phone":"****5678","idCard":"****4512","password":"****"}},
                   {"path":"1","kind":"deliver","line":4,"startedAt":"2026-11-20T02:15:00.003Z","durationMicros":3000,"outcome":"retry later",
                    "calls":[{"target":"erp.createSalesOrder","idempotencyKey":"evt-1:1:erp.createSalesOrder","outcome":"retry-later",
                              "status":503,"response":"busy","note":"HTTP 503","startedAt":"2026-11-20T02:15:00.004Z","durationMicros":1000}]}]}"""));
    }
}
