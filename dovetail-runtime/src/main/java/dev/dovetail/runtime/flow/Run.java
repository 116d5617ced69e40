package dev.dovetail.runtime.flow;

import dev.dovetail.mapping.MappingEngine;
import dev.dovetail.mapping.MappingResult;
import dev.dovetail.model.FlowDef;
import dev.dovetail.model.OperationRef;
import dev.dovetail.model.Step;
import dev.dovetail.runtime.flow.Trace.Call;
import dev.dovetail.runtime.flow.Trace.CallOutcome;
import dev.dovetail.spi.DeliveryOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** One run of a flow over one message: the message as it changes, what was delivered, the trace. */
final class Run {

    private static final String DEFAULT_MERGE = "$merge([$, $answer])";

    private final MappingEngine mappings;
    private final OperationCalls calls;
    private final TraceMasking masking;
    private final Clock clock;
    private final FlowDef flow;
    private final FlowInput input;

    private Object message;
    private Reply reply;
    private final List<DeliveryRecord> delivered = new ArrayList<>();
    private final List<Trace.StepTrace> steps = new ArrayList<>();

    Run(MappingEngine mappings, OperationCalls calls, TraceMasking masking, Clock clock, FlowDef flow, FlowInput input) {
        this.mappings = mappings;
        this.calls = calls;
        this.masking = masking;
        this.clock = clock;
        this.flow = flow;
        this.input = input;
        this.message = input.message();
    }

    /** Why a run ended before the last step. */
    private sealed interface Stop {
    }

    private record Filtered(StepRef step) implements Stop {
    }

    private record SplitInto(List<Object> items, StepPath resumeAt, StepRef step) implements Stop {
    }

    private record Later(Optional<Duration> after, String reason, StepRef step) implements Stop {
    }

    private record Failed(String reason, StepRef step, String detail) implements Stop {
    }

    FlowRun execute() {
        var started = clock.instant();
        var stop = resume(flow.steps(), List.of(), input.start().indexes());
        var trace = new Trace(flow.name(), input.eventId(), input.start(), started, since(started), describe(stop), steps);
        var answer = Optional.ofNullable(reply);
        return switch (stop) {
            case null -> new FlowRun.Completed(delivered, answer, trace);
            case Filtered f -> new FlowRun.Filtered(f.step(), delivered, answer, trace);
            case SplitInto s -> new FlowRun.Split(s.items(), s.resumeAt(), s.step(), delivered, answer, trace);
            case Later l -> new FlowRun.RetryLater(l.after(), l.reason(), l.step(), delivered, trace);
            case Failed f -> new FlowRun.Failed(f.reason(), f.step(), f.detail(), delivered, trace);
        };
    }

    private static String describe(Stop stop) {
        return switch (stop) {
            case null -> "completed";
            case Filtered f -> "filtered by " + f.step().describe();
            case SplitInto s -> "split into " + s.items().size() + (s.items().size() == 1 ? " item" : " items");
            case Later l -> "retry later: " + l.reason();
            case Failed f -> "failed: " + f.reason();
        };
    }

    // ---- walking the steps ------------------------------------------------------------------

    /** Runs from {@code position} (relative to {@code steps}), then on after every enclosing choice. */
    private Stop resume(List<Step> steps, List<Integer> prefix, List<Integer> position) {
        int index = position.getFirst();
        if (position.size() == 1) {
            return index <= steps.size() ? runFrom(steps, prefix, index) : cannotResume();
        }
        if (index >= steps.size() || !(steps.get(index) instanceof Step.Choice choice)) {
            return cannotResume();
        }
        int branch = position.get(1);
        var branchSteps = branchSteps(choice, branch);
        if (branchSteps == null) {
            return cannotResume();
        }
        var stop = resume(branchSteps, append(prefix, index, branch), position.subList(2, position.size()));
        return stop != null ? stop : runFrom(steps, prefix, index + 1);
    }

    private Stop cannotResume() {
        return new Failed("flow '" + flow.name() + "' has no step at " + input.start()
                + " to resume from (was the flow changed since the message was split?)",
                new StepRef(input.start(), "resume", 0), null);
    }

    private Stop runFrom(List<Step> steps, List<Integer> prefix, int from) {
        for (int i = from; i < steps.size(); i++) {
            var stop = run(steps.get(i), new StepPath(append(prefix, i)));
            if (stop != null) {
                return stop;
            }
        }
        return null;
    }

    private Stop run(Step step, StepPath path) {
        var started = clock.instant();
        return switch (step) {
            case Step.Map map -> map(map, path, started);
            case Step.Filter filter -> filter(filter, path, started);
            case Step.Choice choice -> choice(choice, path, started);
            case Step.Split split -> split(split, path, started);
            case Step.Enrich enrich -> enrich(enrich, path, started);
            case Step.Deliver deliver -> deliver(deliver, path, started);
            case Step.Reply answer -> reply(answer, path, started);
        };
    }

    // ---- the steps --------------------------------------------------------------------------

    private Stop map(Step.Map step, StepPath path, Instant started) {
        var before = message;
        var result = step.mapping().isPresent()
                ? mappings.evaluate(step.mapping().get(), message)
                : mappings.evaluateExpression(step.expression().orElse(""), message);
        if (result instanceof MappingResult.Failure failure) {
            return failed(path, "map", step.line(), started, failure.format(), before, null);
        }
        message = ((MappingResult.Success) result).output();
        record(path, "map", step.line(), started, "mapped", masking.mask(before), masking.mask(message), List.of());
        return null;
    }

    private Stop filter(Step.Filter step, StepPath path, Instant started) {
        var result = mappings.evaluateExpression(step.condition(), message);
        if (result instanceof MappingResult.Failure failure) {
            return failed(path, "filter", step.line(), started, failure.format(), null, null);
        }
        if (Truth.of(((MappingResult.Success) result).output())) {
            record(path, "filter", step.line(), started, "passed", null, null, List.of());
            return null;
        }
        record(path, "filter", step.line(), started, "stopped", null, null, List.of());
        return new Filtered(new StepRef(path, "filter", step.line()));
    }

    private Stop choice(Step.Choice step, StepPath path, Instant started) {
        var branches = step.branches();
        int chosen = branches.size(); // otherwise
        for (int i = 0; i < branches.size(); i++) {
            var when = branches.get(i);
            var result = mappings.evaluateExpression(when.condition(), message);
            if (result instanceof MappingResult.Failure failure) {
                return failed(path, "choice", when.line(), started, failure.format(), null, null);
            }
            if (Truth.of(((MappingResult.Success) result).output())) {
                chosen = i;
                break;
            }
        }
        var outcome = chosen < branches.size() ? "when at line " + branches.get(chosen).line()
                : step.otherwise().isEmpty() ? "no branch" : "otherwise";
        record(path, "choice", step.line(), started, outcome, null, null, List.of());
        return runFrom(branchSteps(step, chosen), append(path.indexes(), chosen), 0);
    }

    private Stop split(Step.Split step, StepPath path, Instant started) {
        var result = mappings.evaluateExpression(step.expression(), message);
        if (result instanceof MappingResult.Failure failure) {
            return failed(path, "split", step.line(), started, failure.format(), null, null);
        }
        List<Object> items = switch (((MappingResult.Success) result).output()) {
            case null -> List.of(); // JSONata's "nothing": no items
            case List<?> list -> new ArrayList<>(list);
            case Object single -> Collections.singletonList(single); // JSONata gives a one-item sequence as the item
        };
        record(path, "split", step.line(), started, items.size() + (items.size() == 1 ? " item" : " items"), null, null, List.of());
        return new SplitInto(items, path.next(), new StepRef(path, "split", step.line()));
    }

    private Stop enrich(Step.Enrich step, StepPath path, Instant started) {
        var target = step.operation();
        var key = DeliveryRecord.keyOf(input.eventId(), path, target);
        var ref = new StepRef(path, "enrich", step.line());
        var callStarted = clock.instant();
        var prepared = calls.prepare(target, message, key);
        if (prepared instanceof OperationCalls.NotPossible notPossible) {
            var reason = target + ": " + notPossible.reason();
            var call = new Call(target, key, CallOutcome.NOT_SENT, DeliveryOutcome.NO_STATUS, null, notPossible.reason(), callStarted,
                    since(callStarted));
            record(path, "enrich", step.line(), started, "failed: " + reason, masking.mask(message), null, List.of(call));
            return new Failed(reason, ref, null);
        }
        var ready = (OperationCalls.Ready) prepared;
        var outcome = invoke(ready);
        switch (outcome) {
            case DeliveryOutcome.RetryLater later -> {
                var call = attempt(target, key, later, callStarted);
                record(path, "enrich", step.line(), started, "retry later", masking.mask(message), null, List.of(call));
                return new Later(Optional.ofNullable(later.after()), target + ": " + later.reason(), ref);
            }
            case DeliveryOutcome.Rejected rejected -> {
                var call = attempt(target, key, rejected, callStarted);
                record(path, "enrich", step.line(), started, "rejected", masking.mask(message), null, List.of(call));
                return new Failed(rejectedReason(target, rejected), ref, masking.maskText(rejected.responseExcerpt()));
            }
            case DeliveryOutcome.Delivered answered -> {
                var mapped = calls.mapResponse(ready.operation(), answered.response());
                if (mapped instanceof MappingResult.Failure failure) {
                    var call = new Call(target, key, CallOutcome.DELIVERED, answered.status(), excerpt(answered.response()),
                            "response mapping failed: " + failure.format(), callStarted, since(callStarted));
                    record(path, "enrich", step.line(), started, "failed: " + failure.format(), masking.mask(message), null, List.of(call));
                    return new Failed(failure.format(), ref, null);
                }
                var answer = ((MappingResult.Success) mapped).output();
                var call = new Call(target, key, CallOutcome.DELIVERED, answered.status(), excerpt(answer), null, callStarted,
                        since(callStarted));
                var before = message;
                var merged = mappings.evaluateExpression(step.merge().orElse(DEFAULT_MERGE), message,
                        Collections.singletonMap("answer", answer));
                if (merged instanceof MappingResult.Failure failure) {
                    record(path, "enrich", step.line(), started, "failed: " + failure.format(), masking.mask(before), null, List.of(call));
                    return new Failed("merge failed: " + failure.format(), ref, null);
                }
                message = ((MappingResult.Success) merged).output();
                record(path, "enrich", step.line(), started, "merged", masking.mask(before), masking.mask(message), List.of(call));
                return null;
            }
        }
    }

    private Stop deliver(Step.Deliver step, StepPath path, Instant started) {
        var attempts = new ArrayList<Call>();
        Failed rejected = null;
        Later later = null;
        var ref = new StepRef(path, "deliver", step.line());
        for (var target : step.targets()) {
            var key = DeliveryRecord.keyOf(input.eventId(), path, target);
            var callStarted = clock.instant();
            if (input.completedDeliveries().contains(key)) {
                attempts.add(new Call(target, key, CallOutcome.ALREADY_DELIVERED, DeliveryOutcome.NO_STATUS, null, null, callStarted,
                        Duration.ZERO));
                continue;
            }
            var prepared = calls.prepare(target, message, key);
            if (prepared instanceof OperationCalls.NotPossible notPossible) {
                attempts.add(new Call(target, key, CallOutcome.NOT_SENT, DeliveryOutcome.NO_STATUS, null, notPossible.reason(), callStarted,
                        since(callStarted)));
                if (rejected == null) {
                    rejected = new Failed(target + ": " + notPossible.reason(), ref, null);
                }
                continue;
            }
            var ready = (OperationCalls.Ready) prepared;
            switch (invoke(ready)) {
                case DeliveryOutcome.Delivered answered -> {
                    var mapped = calls.mapResponse(ready.operation(), answered.response());
                    // The target has the delivery: a response mapping that fails must not make us send it again.
                    var response = mapped instanceof MappingResult.Success success ? success.output() : answered.response();
                    var note = mapped instanceof MappingResult.Failure failure ? "response mapping failed: " + failure.format() : null;
                    delivered.add(new DeliveryRecord(key, target, path, answered.status(), response));
                    attempts.add(new Call(target, key, CallOutcome.DELIVERED, answered.status(), excerpt(response), note, callStarted,
                            since(callStarted)));
                }
                case DeliveryOutcome.RetryLater retry -> {
                    attempts.add(attempt(target, key, retry, callStarted));
                    later = later(later, retry, target, ref);
                }
                case DeliveryOutcome.Rejected refused -> {
                    attempts.add(attempt(target, key, refused, callStarted));
                    if (rejected == null) {
                        rejected = new Failed(rejectedReason(target, refused), ref, masking.maskText(refused.responseExcerpt()));
                    }
                }
            }
        }
        var outcome = rejected != null ? "failed" : later != null ? "retry later" : "delivered";
        record(path, "deliver", step.line(), started, outcome, null, null, attempts);
        return rejected != null ? rejected : later;
    }

    private Stop reply(Step.Reply step, StepPath path, Instant started) {
        if (reply != null) {
            record(path, "reply", step.line(), started, "ignored: the reply was already given", null, null, List.of());
            return null;
        }
        Object body = null;
        if (step.body().isPresent()) {
            var result = mappings.evaluateExpression(step.body().get(), message);
            if (result instanceof MappingResult.Failure failure) {
                return failed(path, "reply", step.line(), started, failure.format(), null, null);
            }
            body = ((MappingResult.Success) result).output();
        }
        reply = new Reply(step.status(), body);
        record(path, "reply", step.line(), started, "status " + step.status(), null, null, List.of());
        return null;
    }

    // ---- calls ------------------------------------------------------------------------------

    private static DeliveryOutcome invoke(OperationCalls.Ready ready) {
        try {
            var outcome = ready.invoker().invoke(ready.call());
            return outcome != null ? outcome : DeliveryOutcome.RetryLater.because("the connector gave no outcome");
        } catch (RuntimeException e) {
            // A connector bug; keep what this run already delivered and let the entry be tried again.
            return DeliveryOutcome.RetryLater.because("the connector failed: " + e);
        }
    }

    private Call attempt(OperationRef target, String key, DeliveryOutcome.RetryLater later, Instant started) {
        return new Call(target, key, CallOutcome.RETRY_LATER, later.status(), masking.maskText(later.responseExcerpt()),
                later.reason(), started, since(started));
    }

    private Call attempt(OperationRef target, String key, DeliveryOutcome.Rejected rejected, Instant started) {
        return new Call(target, key, CallOutcome.REJECTED, rejected.status(), masking.maskText(rejected.responseExcerpt()),
                rejected.reason(), started, since(started));
    }

    private static Later later(Later sofar, DeliveryOutcome.RetryLater retry, OperationRef target, StepRef ref) {
        var after = Optional.ofNullable(retry.after());
        if (sofar == null) {
            return new Later(after, target + ": " + retry.reason(), ref);
        }
        // No sense in coming back before the target that asked for the longest wait is ready.
        var longest = sofar.after().isEmpty() ? after
                : after.isEmpty() ? sofar.after()
                : Optional.of(after.get().compareTo(sofar.after().get()) > 0 ? after.get() : sofar.after().get());
        return new Later(longest, sofar.reason(), ref);
    }

    private static String rejectedReason(OperationRef target, DeliveryOutcome.Rejected rejected) {
        return target + " rejected the call" + (rejected.status() != DeliveryOutcome.NO_STATUS ? " (status " + rejected.status() + ")" : "")
                + ": " + rejected.reason();
    }

    private String excerpt(Object response) {
        if (response == null) {
            return null;
        }
        var masked = masking.mask(response);
        return DeliveryOutcome.excerpt(masked instanceof String text ? masking.maskText(text) : JsonText.of(masked));
    }

    // ---- trace ------------------------------------------------------------------------------

    private Failed failed(StepPath path, String kind, int line, Instant started, String reason, Object before, Object after) {
        record(path, kind, line, started, "failed: " + reason, masking.mask(before), after, List.of());
        return new Failed(reason, new StepRef(path, kind, line), null);
    }

    private void record(StepPath path, String kind, int line, Instant started, String outcome, Object before, Object after,
                        List<Call> attempts) {
        steps.add(new Trace.StepTrace(path, kind, line, started, since(started), outcome, before, after, attempts));
    }

    private Duration since(Instant started) {
        return Duration.between(started, clock.instant());
    }

    // ---- positions --------------------------------------------------------------------------

    /** The steps of branch {@code branch} of a choice ({@code otherwise} after the last when), or null if there is none. */
    private static List<Step> branchSteps(Step.Choice choice, int branch) {
        if (branch < choice.branches().size()) {
            return choice.branches().get(branch).steps();
        }
        return branch == choice.branches().size() ? choice.otherwise() : null;
    }

    private static List<Integer> append(List<Integer> prefix, int... more) {
        var list = new ArrayList<Integer>(prefix.size() + more.length);
        list.addAll(prefix);
        for (int index : more) {
            list.add(index);
        }
        return list;
    }
}
