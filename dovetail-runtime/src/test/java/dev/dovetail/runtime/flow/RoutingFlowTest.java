package dev.dovetail.runtime.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.spi.RequestBody;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Filter, choice and split, and resuming a split item where the split left off. */
class RoutingFlowTest extends FlowTesting {

    @Test
    void a_message_the_filter_does_not_let_through_stops_there_successfully() {
        givenFlow("""
                trigger: {event: crm.order-won}
                steps:
                  - filter: stage = "Closed Won"
                  - deliver: erp.createSalesOrder
                """);

        var filtered = as(run(json("{\"id\":\"OPP-1\",\"stage\":\"Proposal\"}")), FlowRun.Filtered.class);

        assertThat(filtered.step()).isEqualTo(new StepRef(StepPath.of(0), "filter", 3));
        assertThat(erp.calls()).isEmpty();
    }

    @Test
    void a_message_the_filter_lets_through_goes_on() {
        givenFlow("""
                trigger: {event: crm.order-won}
                steps:
                  - filter: stage = "Closed Won"
                  - deliver: erp.createSalesOrder
                """);

        assertThat(run(json("{\"id\":\"OPP-1\",\"stage\":\"Closed Won\"}"))).isInstanceOf(FlowRun.Completed.class);
        assertThat(erp.calls()).hasSize(1);
    }

    static final String BY_AMOUNT = """
            trigger: {event: crm.order-won}
            steps:
              - choice:
                  - when: amount >= 1000
                    steps:
                      - deliver: erp.createSalesOrder
                  - when: amount >= 10
                    steps:
                      - deliver: wms.createShipment
                  - otherwise:
                      - map: {expression: '$merge([$, {"small": true}])'}
                      - deliver: wms.createShipment
              - reply: {status: 200, body: '{"id": id}'}
            """;

    @Test
    void a_choice_runs_the_first_branch_whose_condition_is_true() {
        givenFlow(BY_AMOUNT);

        var completed = as(run(json("{\"id\":\"OPP-1\",\"amount\":5000}")), FlowRun.Completed.class);

        assertThat(erp.calls()).extracting(c -> c.idempotencyKey()).containsExactly("evt-1:0.0.0:erp.createSalesOrder");
        assertThat(wms.calls()).isEmpty();
        assertThat(completed.trace().steps()).extracting(Trace.StepTrace::outcome).startsWith("when at line 4");
        assertThat(completed.reply()).contains(new Reply(200, json("{\"id\":\"OPP-1\"}")));
    }

    @Test
    void a_choice_runs_otherwise_when_no_condition_is_true() {
        givenFlow(BY_AMOUNT);

        as(run(json("{\"id\":\"OPP-1\",\"amount\":5}")), FlowRun.Completed.class);

        assertThat(erp.calls()).isEmpty();
        assertThat(wms.calls()).singleElement().satisfies(call -> {
            assertThat(call.idempotencyKey()).isEqualTo("evt-1:0.2.1:wms.createShipment");
            assertThat(call.body()).isEqualTo(RequestBody.json(json("{\"id\":\"OPP-1\",\"amount\":5,\"small\":true}")));
        });
    }

    @Test
    void a_choice_without_a_matching_branch_or_otherwise_goes_on_after_the_choice() {
        givenFlow("""
                trigger: {event: crm.order-won}
                steps:
                  - choice:
                      - when: vip
                        steps:
                          - deliver: erp.createSalesOrder
                  - deliver: wms.createShipment
                """);

        as(run(json("{\"id\":\"OPP-1\",\"vip\":false}")), FlowRun.Completed.class);

        assertThat(erp.calls()).isEmpty();
        assertThat(wms.calls()).extracting(c -> c.idempotencyKey()).containsExactly("evt-1:1:wms.createShipment");
    }

    static final String SHIPMENT_LINES = """
            trigger: {event: crm.order-won}
            steps:
              - filter: status = "SHIPPED"
              - split: lines
              - map: {expression: '{"id": orderNo, "qty": qty}'}
              - deliver: wms.createShipment
            """;

    @Test
    void a_split_gives_the_items_and_the_step_after_it_and_delivers_nothing_itself() {
        givenFlow(SHIPMENT_LINES);

        var split = as(run(json("""
                {"status":"SHIPPED","lines":[{"orderNo":"SO-1","qty":2},{"orderNo":"SO-2","qty":5}]}""")), FlowRun.Split.class);

        assertThat(split.items()).containsExactly(json("{\"orderNo\":\"SO-1\",\"qty\":2}"), json("{\"orderNo\":\"SO-2\",\"qty\":5}"));
        assertThat(split.resumeAt()).hasToString("2");
        assertThat(split.step()).isEqualTo(new StepRef(StepPath.of(1), "split", 4));
        assertThat(wms.calls()).isEmpty();
    }

    @Test
    void each_split_item_resumed_at_the_split_position_finishes_the_flow_under_its_own_event_id() {
        givenFlow(SHIPMENT_LINES);
        var split = as(run(json("""
                {"status":"SHIPPED","lines":[{"orderNo":"SO-1","qty":2},{"orderNo":"SO-2","qty":5}]}""")), FlowRun.Split.class);

        var runs = List.of(
                executor.run(flow, new FlowInput("evt-1/0", split.items().get(0), split.resumeAt(), null)),
                executor.run(flow, new FlowInput("evt-1/1", split.items().get(1), StepPath.parse(split.resumeAt().toString()), null)));

        assertThat(runs).allSatisfy(item -> assertThat(item).isInstanceOf(FlowRun.Completed.class));
        assertThat(wms.calls()).extracting(c -> c.idempotencyKey(), c -> c.body()).containsExactly(
                org.assertj.core.groups.Tuple.tuple("evt-1/0:3:wms.createShipment", RequestBody.json(json("{\"id\":\"SO-1\",\"qty\":2}"))),
                org.assertj.core.groups.Tuple.tuple("evt-1/1:3:wms.createShipment", RequestBody.json(json("{\"id\":\"SO-2\",\"qty\":5}"))));
    }

    @Test
    void a_single_item_or_nothing_to_split_still_gives_a_list() {
        givenFlow(SHIPMENT_LINES);

        var one = as(run(json("{\"status\":\"SHIPPED\",\"lines\":[{\"orderNo\":\"SO-1\"}]}")), FlowRun.Split.class);
        var none = as(run(json("{\"status\":\"SHIPPED\"}")), FlowRun.Split.class);

        assertThat(one.items()).containsExactly(json("{\"orderNo\":\"SO-1\"}"));
        assertThat(none.items()).isEmpty();
    }

    static final String SPLIT_IN_A_BRANCH = """
            trigger: {event: crm.order-won}
            steps:
              - choice:
                  - when: $exists(lines)
                    steps:
                      - split: lines
                      - deliver: wms.createShipment
                  - otherwise:
                      - deliver: erp.createSalesOrder
              - reply: {status: 202}
              - deliver: crm.getAccount
            """;

    @Test
    void a_split_inside_a_branch_resumes_in_that_branch_and_then_goes_on_after_the_choice() {
        givenFlow(SPLIT_IN_A_BRANCH);
        var split = as(run(json("{\"lines\":[{\"accountId\":\"A1\"}]}")), FlowRun.Split.class);

        var item = executor.run(flow, FlowInput.of("evt-1/0", split.items().getFirst()).resumingAt(split.resumeAt()));

        assertThat(split.resumeAt()).hasToString("0.0.1");
        var completed = as(item, FlowRun.Completed.class);
        assertThat(wms.calls()).extracting(c -> c.idempotencyKey()).containsExactly("evt-1/0:0.0.1:wms.createShipment");
        assertThat(crm.calls()).extracting(c -> c.idempotencyKey()).containsExactly("evt-1/0:2:crm.getAccount");
        assertThat(completed.reply()).contains(new Reply(202, null));
        assertThat(erp.calls()).isEmpty();
    }

    @Test
    void a_split_as_the_last_step_of_a_branch_resumes_after_the_choice() {
        givenFlow("""
                trigger: {event: crm.order-won}
                steps:
                  - choice:
                      - when: "true"
                        steps:
                          - split: lines
                  - deliver: wms.createShipment
                """);
        var split = as(run(json("{\"lines\":[1,2]}")), FlowRun.Split.class);

        var item = executor.run(flow, FlowInput.of("evt-1/0", 1L).resumingAt(split.resumeAt()));

        assertThat(split.resumeAt()).hasToString("0.0.1");
        assertThat(item).isInstanceOf(FlowRun.Completed.class);
        assertThat(wms.calls()).extracting(c -> c.idempotencyKey()).containsExactly("evt-1/0:1:wms.createShipment");
    }

    @Test
    void resuming_at_a_position_the_flow_does_not_have_fails_for_good() {
        givenFlow(SHIPMENT_LINES);

        var failed = as(executor.run(flow, FlowInput.of("evt-1/0", json("{}")).resumingAt(StepPath.parse("1.0.0"))),
                FlowRun.Failed.class);

        assertThat(failed.step()).isEqualTo(new StepRef(StepPath.parse("1.0.0"), "resume", 0));
        assertThat(failed.reason()).contains("has no step at 1.0.0");
    }
}
