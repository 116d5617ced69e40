package dev.dovetail.runtime.hub;

import static java.util.Objects.requireNonNull;

import dev.dovetail.model.FlowDef;
import dev.dovetail.runtime.dispatch.Outcome;
import dev.dovetail.runtime.flow.FlowRun;
import dev.dovetail.runtime.journal.JournalEntry;

/**
 * One run of a flow for one attempt at a journal entry, and what the dispatcher is told to record.
 *
 * @param entry   the entry as claimed ({@code entry.attempts()} is this attempt's number)
 * @param outcome what becomes of the entry ({@link Outcome.Done}, a retry or a dead letter)
 */
public record RunReport(JournalEntry entry, FlowDef flow, FlowRun run, Outcome outcome) {
    public RunReport {
        requireNonNull(entry, "entry");
        requireNonNull(flow, "flow");
        requireNonNull(run, "run");
        requireNonNull(outcome, "outcome");
    }
}
