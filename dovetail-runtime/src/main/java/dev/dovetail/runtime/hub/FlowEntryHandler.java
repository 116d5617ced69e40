package dev.dovetail.runtime.hub;

import static java.util.Objects.requireNonNull;

import dev.dovetail.model.FlowDef;
import dev.dovetail.runtime.dispatch.EntryHandler;
import dev.dovetail.runtime.dispatch.Outcome;
import dev.dovetail.runtime.flow.DeliveryRecord;
import dev.dovetail.runtime.flow.FlowExecutor;
import dev.dovetail.runtime.flow.FlowInput;
import dev.dovetail.runtime.flow.FlowRun;
import dev.dovetail.runtime.flow.StepPath;
import dev.dovetail.runtime.flow.Trace;
import dev.dovetail.runtime.journal.Journal;
import dev.dovetail.runtime.journal.JournalEntry;
import dev.dovetail.runtime.journal.NewEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the flows of one event type for a journal entry and turns the run into a dispatch {@link Outcome}:
 *
 * <ul>
 *   <li>completed or filtered → done;</li>
 *   <li>split → each item appended as its own entry (same system, event and record key; dedup key
 *       {@code split:<parent id>:<index>}; progress: the flow and the position after the split), then done;</li>
 *   <li>retry later → retried after the backoff (never earlier than a Retry-After), or a dead letter once
 *       the attempts are used up;</li>
 *   <li>failed → a dead letter with the reason, the target's answer as detail and the step in the progress.</li>
 * </ul>
 *
 * <p>The keys of accepted deliveries are kept in the entry's {@link Progress} with every outcome, so a retry
 * or a replay does not send them again. An entry of an event that several flows subscribe to is fanned out
 * first: one entry per flow (dedup key {@code flow:<parent id>:<flow>}), each retried and dead-lettered on
 * its own. Appends wait until durable; if the journal cannot take split items the entry is retried with the
 * deliveries it made kept (a fan-out that fails throws, and the dispatcher retries it); the dedup keys make the
 * appends idempotent.
 */
public final class FlowEntryHandler implements EntryHandler {

    private static final System.Logger LOG = System.getLogger(FlowEntryHandler.class.getName());

    private final List<FlowDef> subscribers;
    private final Map<String, FlowDef> allFlows;
    private final FlowExecutor executor;
    private final Journal journal;
    private final DeliveryPolicy policy;
    private final RunListener listener;

    /**
     * @param subscribers the flows subscribed to the entries this handler gets (at least one)
     * @param allFlows    every flow of the workspace by name: entries that name their flow run that one
     */
    public FlowEntryHandler(List<FlowDef> subscribers, Map<String, FlowDef> allFlows, FlowExecutor executor, Journal journal,
                            DeliveryPolicy policy, RunListener listener) {
        this.subscribers = List.copyOf(subscribers);
        this.allFlows = Map.copyOf(allFlows);
        this.executor = requireNonNull(executor, "executor");
        this.journal = requireNonNull(journal, "journal");
        this.policy = requireNonNull(policy, "policy");
        this.listener = requireNonNull(listener, "listener");
        if (this.subscribers.isEmpty()) {
            throw new IllegalArgumentException("a flow entry handler needs at least one flow");
        }
    }

    @Override
    public Outcome handle(JournalEntry entry) {
        Progress progress;
        try {
            progress = Progress.parse(entry.progress());
        } catch (IllegalArgumentException e) {
            return new Outcome.Dead("the entry's progress cannot be read: " + e.getMessage(), entry.progress());
        }
        FlowDef flow;
        if (progress.flow().isPresent()) {
            flow = allFlows.get(progress.flow().get());
            if (flow == null) {
                return new Outcome.Dead("flow '" + progress.flow().get() + "' is not in the workspace (any more)",
                        "restore the flow, or discard this message", progress.toJson());
            }
        } else if (subscribers.size() == 1) {
            flow = subscribers.getFirst();
        } else {
            return fanOut(entry);
        }
        StepPath start;
        try {
            start = progress.start();
        } catch (IllegalArgumentException e) {
            return new Outcome.Dead("the entry's start position cannot be read: " + e.getMessage(), null, progress.toJson());
        }
        Object message;
        try {
            message = Json.parse(entry.payload());
        } catch (IOException | RuntimeException e) {
            return new Outcome.Dead("the payload is not valid JSON: " + e.getMessage(), null, progress.withFlow(flow.name()).toJson());
        }
        FlowRun run = executor.run(flow, new FlowInput(entry.eventId().toString(), message, start, progress.delivered()));
        Progress next = progress.withFlow(flow.name()).withDelivered(run.delivered().stream().map(DeliveryRecord::key).toList()).withoutFailed();
        Outcome outcome = switch (run) {
            case FlowRun.Completed c -> new Outcome.Done(next.toJson());
            case FlowRun.Filtered f -> new Outcome.Done(next.toJson());
            case FlowRun.Split s -> {
                try {
                    appendItems(entry, flow, s);
                    yield new Outcome.Done(next.toJson());
                } catch (RuntimeException e) {
                    // keep the deliveries made before the split; the items are appended on the next attempt
                    String reason = "could not append the " + s.items().size() + " split items: " + e.getMessage();
                    yield policy.exhausted(entry.attempts())
                            ? new Outcome.Dead("gave up after " + entry.attempts() + " attempts: " + reason, null,
                                    next.withFailed(s.step()).toJson())
                            : new Outcome.RetryAfter(policy.retryDelay(entry.attempts(), Optional.empty()), reason, next.toJson());
                }
            }
            case FlowRun.RetryLater r -> {
                if (policy.exhausted(entry.attempts())) {
                    yield new Outcome.Dead("gave up after " + entry.attempts() + " attempts: " + r.reason(), lastAnswer(r.trace()),
                            next.withFailed(r.step()).toJson());
                }
                yield new Outcome.RetryAfter(policy.retryDelay(entry.attempts(), r.after()), r.reason(), next.toJson());
            }
            case FlowRun.Failed f -> new Outcome.Dead(f.reason(), f.detail(), next.withFailed(f.step()).toJson());
        };
        listener.onRun(new RunReport(entry, flow, run, outcome));
        return outcome;
    }

    private void appendItems(JournalEntry entry, FlowDef flow, FlowRun.Split split) {
        if (split.items().isEmpty()) {
            return;
        }
        String itemProgress = Progress.of(flow.name(), split.resumeAt()).toJson();
        List<NewEvent> items = new ArrayList<>(split.items().size());
        for (int i = 0; i < split.items().size(); i++) {
            items.add(new NewEvent(entry.system(), entry.event(), entry.recordKey(), "split:" + entry.eventId() + ":" + i,
                    "application/json", Json.write(split.items().get(i)), entry.eventId(), itemProgress));
        }
        journal.appendAll(items);
    }

    private Outcome fanOut(JournalEntry entry) {
        List<NewEvent> copies = new ArrayList<>(subscribers.size());
        for (FlowDef flow : subscribers) {
            copies.add(new NewEvent(entry.system(), entry.event(), entry.recordKey(), "flow:" + entry.eventId() + ":" + flow.name(),
                    entry.contentType(), entry.payload(), entry.eventId(), Progress.of(flow.name(), null).toJson()));
        }
        journal.appendAll(copies);
        LOG.log(System.Logger.Level.DEBUG, "Entry {0} handed to {1} flows", entry.eventId(), subscribers.size());
        return new Outcome.Done();
    }

    /** The answer of the last call that asked to retry, for a dead letter's detail. */
    static String lastAnswer(Trace trace) {
        Optional<Trace.Call> last = trace.steps().stream()
                .flatMap(step -> step.calls().stream())
                .filter(call -> call.outcome() == Trace.CallOutcome.RETRY_LATER)
                .reduce((first, second) -> second);
        return last.map(call -> (call.status() > 0 ? "status " + call.status() : "no answer")
                + (call.note() != null ? " (" + call.note() + ")" : "")
                + (call.response() != null ? ": " + call.response() : "")).orElse(null);
    }
}
