package dev.dovetail.model;

import java.util.List;
import java.util.Optional;

/** One step of a flow ({@code flows/*.yaml}, {@code steps:}). Every expression is JSONata over the current message. */
public sealed interface Step permits Step.Map, Step.Filter, Step.Choice, Step.Split, Step.Enrich, Step.Deliver, Step.Reply {

    /** 1-based line of the step in its flow file, for traces and error messages. */
    int line();

    /** {@code map: erp/order.out} (a mapping by name) or {@code map: {expression: ...}} (inline JSONata): exactly one is present. */
    record Map(Optional<String> mapping, Optional<String> expression, int line) implements Step {}

    /** {@code filter: <jsonata>}: messages for which the condition is not true stop here (successfully). */
    record Filter(String condition, int line) implements Step {}

    /** {@code choice: [{when, steps}..., {otherwise: [...]}]}: the first branch whose condition is true runs. */
    record Choice(List<When> branches, List<Step> otherwise, int line) implements Step {
        public Choice {
            branches = List.copyOf(branches);
            otherwise = otherwise == null ? List.of() : List.copyOf(otherwise);
        }
    }

    record When(String condition, List<Step> steps, int line) {
        public When {
            steps = List.copyOf(steps);
        }
    }

    /** {@code split: <jsonata giving an array>}: each item continues as its own message (its own journal entry). */
    record Split(String expression, int line) implements Step {}

    /** {@code enrich: {operation: crm.getAccount, merge: <jsonata>}}: calls an operation and merges the answer ({@code $answer}). */
    record Enrich(OperationRef operation, Optional<String> merge, int line) implements Step {}

    /** {@code deliver: erp.createSalesOrder} or a list: sends the message to each operation (durably, idempotently). */
    record Deliver(List<OperationRef> targets, int line) implements Step {
        public Deliver {
            targets = List.copyOf(targets);
        }
    }

    /** {@code reply: {status: 200, body: <jsonata>}}: the synchronous answer to the webhook that started the flow. */
    record Reply(int status, Optional<String> body, int line) implements Step {}
}
