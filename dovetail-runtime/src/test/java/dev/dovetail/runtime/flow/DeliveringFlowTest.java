package dev.dovetail.runtime.flow;

import static dev.dovetail.runtime.flow.ScriptedSystem.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.model.OperationRef;
import dev.dovetail.spi.DeliveryOutcome;
import dev.dovetail.spi.OperationInvoker;
import dev.dovetail.spi.RequestBody;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Map and deliver: the order-relay scenario, idempotency keys, retries and rejections. */
class DeliveringFlowTest extends FlowTesting {

    static final String RELAY = """
            trigger: {event: crm.order-won}
            steps:
              - map: erp/order.out
              - deliver: erp.createSalesOrder
            """;

    static final String TO_ERP_AND_WMS = """
            trigger: {event: crm.order-won}
            steps:
              - map: erp/order.out
              - deliver: [erp.createSalesOrder, wms.createShipment]
            """;

    @Test
    void a_won_order_is_mapped_to_the_erp_shape_and_delivered_once_with_its_idempotency_key() {
        givenFlow(RELAY);
        erp.answer("createSalesOrder", new DeliveryOutcome.Delivered(201, json("{\"DDH\":\"SO-1\"}"), Map.of()));

        var completed = as(run(json(WON_ORDER)), FlowRun.Completed.class);

        assertThat(erp.calls()).singleElement().satisfies(call -> {
            assertThat(call.target()).isEqualTo("erp.createSalesOrder");
            assertThat(call.body()).isEqualTo(RequestBody.json(json(ERP_ORDER)));
            assertThat(call.idempotencyKey()).isEqualTo("evt-1:1:erp.createSalesOrder");
        });
        assertThat(completed.delivered()).containsExactly(new DeliveryRecord("evt-1:1:erp.createSalesOrder",
                new OperationRef("erp", "createSalesOrder"), StepPath.of(1), 201, json("{\"DDH\":\"SO-1\"}")));
        assertThat(completed.reply()).isEmpty();
    }

    @Test
    void a_target_that_is_down_makes_the_run_retry_later_when_the_target_says() {
        givenFlow(RELAY);
        erp.answer("createSalesOrder", new DeliveryOutcome.RetryLater(Duration.ofSeconds(30), "HTTP 503", 503, "down for maintenance"));

        var later = as(run(json(WON_ORDER)), FlowRun.RetryLater.class);

        assertThat(later.after()).contains(Duration.ofSeconds(30));
        assertThat(later.reason()).isEqualTo("erp.createSalesOrder: HTTP 503");
        assertThat(later.step()).isEqualTo(new StepRef(StepPath.of(1), "deliver", 4));
        assertThat(later.delivered()).isEmpty();
    }

    @Test
    void a_rejected_delivery_fails_for_good_with_the_reason_the_step_and_the_answer() {
        givenFlow(RELAY);
        erp.answer("createSalesOrder", new DeliveryOutcome.Rejected("HTTP 400", 400, "{\"error\":\"KHBM unknown\"}"));

        var failed = as(run(json(WON_ORDER)), FlowRun.Failed.class);

        assertThat(failed.reason()).isEqualTo("erp.createSalesOrder rejected the call (status 400): HTTP 400");
        assertThat(failed.step()).isEqualTo(new StepRef(StepPath.of(1), "deliver", 4));
        assertThat(failed.detail()).isEqualTo("{\"error\":\"KHBM unknown\"}");
    }

    @Test
    void a_mapping_error_fails_for_good_at_the_map_step_and_sends_nothing() {
        givenFlow(RELAY);

        var failed = as(run(json("{\"id\":\"OPP-1\",\"accountId\":\"ACC-1\",\"closeDate\":\"not a date\",\"amount\":1}")),
                FlowRun.Failed.class);

        assertThat(failed.step()).isEqualTo(new StepRef(StepPath.of(0), "map", 3));
        assertThat(failed.reason()).startsWith("erp/order.out:");
        assertThat(erp.calls()).isEmpty();
    }

    @Test
    void a_retry_after_a_partial_delivery_sends_only_the_missing_target_with_the_same_key() {
        givenFlow(TO_ERP_AND_WMS);
        wms.answer("createShipment", DeliveryOutcome.RetryLater.because("connect timed out"), ok(null));

        var first = as(run(json(WON_ORDER)), FlowRun.RetryLater.class);
        var second = executor.run(flow, FlowInput.of("evt-1", json(WON_ORDER)).withCompletedDeliveries(first.deliveredKeys()));

        assertThat(first.deliveredKeys()).containsExactly("evt-1:1:erp.createSalesOrder");
        assertThat(first.after()).isEmpty();
        assertThat(second).isInstanceOf(FlowRun.Completed.class);
        assertThat(second.deliveredKeys()).containsExactly("evt-1:1:wms.createShipment");
        assertThat(erp.calls()).hasSize(1);
        assertThat(wms.calls()).extracting(call -> call.idempotencyKey())
                .containsExactly("evt-1:1:wms.createShipment", "evt-1:1:wms.createShipment");
        assertThat(second.trace().steps().get(1).calls()).extracting(Trace.Call::outcome)
                .containsExactly(Trace.CallOutcome.ALREADY_DELIVERED, Trace.CallOutcome.DELIVERED);
    }

    @Test
    void a_delivery_accepted_before_another_target_rejected_the_message_is_still_reported() {
        givenFlow(TO_ERP_AND_WMS);
        erp.answer("createSalesOrder", new DeliveryOutcome.Rejected("HTTP 422", 422, null));

        var failed = as(run(json(WON_ORDER)), FlowRun.Failed.class);

        assertThat(failed.reason()).startsWith("erp.createSalesOrder rejected");
        assertThat(failed.deliveredKeys()).containsExactly("evt-1:1:wms.createShipment");
    }

    @Test
    void the_longest_wait_any_target_asked_for_is_the_one_to_honour() {
        givenFlow(TO_ERP_AND_WMS);
        erp.answer("createSalesOrder", new DeliveryOutcome.RetryLater(Duration.ofSeconds(5), "HTTP 429", 429, null));
        wms.answer("createShipment", new DeliveryOutcome.RetryLater(Duration.ofSeconds(40), "HTTP 503", 503, null));

        var later = as(run(json(WON_ORDER)), FlowRun.RetryLater.class);

        assertThat(later.after()).contains(Duration.ofSeconds(40));
    }

    @Test
    void a_connector_that_throws_is_retried_and_what_was_delivered_is_kept() {
        givenFlow(TO_ERP_AND_WMS);
        OperationInvoker crashing = call -> {
            throw new IllegalStateException("bug in connector");
        };
        executor = executorWith(name -> Optional.of(name.equals("erp") ? erp : crashing));

        var later = as(run(json(WON_ORDER)), FlowRun.RetryLater.class);

        assertThat(later.reason()).contains("bug in connector");
        assertThat(later.deliveredKeys()).containsExactly("evt-1:1:erp.createSalesOrder");
    }

    @Test
    void a_system_without_a_connector_fails_the_message_without_a_call() {
        givenFlow(RELAY);
        executor = executorWith(name -> Optional.empty());

        var failed = as(run(json(WON_ORDER)), FlowRun.Failed.class);

        assertThat(failed.reason()).isEqualTo("erp.createSalesOrder: no connector serves system 'erp'");
        assertThat(failed.trace().steps().get(1).calls()).extracting(Trace.Call::outcome).containsExactly(Trace.CallOutcome.NOT_SENT);
    }

    @Test
    void the_request_mapping_builds_the_body_and_path_headers_come_from_the_message_and_the_response_is_mapped() {
        givenFlow("""
                trigger: {event: crm.order-won}
                steps:
                  - deliver: erp.updateCustomer
                """);
        erp.answer("updateCustomer", ok(json("{\"FLAG\":\"Y\"}")));

        var completed = as(run(json("{\"code\":\"C 7/1\",\"name\":\"Acme\",\"region\":\"east\"}")), FlowRun.Completed.class);

        assertThat(erp.calls()).singleElement().satisfies(call -> {
            assertThat(call.body()).isEqualTo(RequestBody.json(json("{\"KHBM\":\"C 7/1\",\"KHMC\":\"Acme\"}")));
            assertThat(call.pathParams()).containsExactly(Map.entry("KHBM", "C 7/1"));
            assertThat(call.headers()).containsExactly(Map.entry("X-Source", "dovetail"), Map.entry("X-Region", "east"));
            assertThat(call.idempotencyKey()).isEqualTo("evt-1:0:erp.updateCustomer");
        });
        assertThat(completed.delivered()).singleElement().extracting(DeliveryRecord::response).isEqualTo(json("{\"accepted\":true}"));
    }

    @Test
    void a_missing_path_parameter_fails_the_message_without_a_call() {
        givenFlow("""
                trigger: {event: crm.order-won}
                steps:
                  - deliver: erp.updateCustomer
                """);

        var failed = as(run(json("{\"name\":\"Acme\"}")), FlowRun.Failed.class);

        assertThat(failed.reason()).isEqualTo("erp.updateCustomer: path parameter {KHBM} has no value in the message");
        assertThat(erp.calls()).isEmpty();
    }
}
