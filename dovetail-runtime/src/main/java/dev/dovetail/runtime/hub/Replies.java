package dev.dovetail.runtime.hub;

import static java.util.Objects.requireNonNull;

import dev.dovetail.runtime.flow.Reply;
import dev.dovetail.runtime.journal.EventType;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Synchronous webhook answers: the intake registers that it waits for the reply of an event (by system, event
 * and dedup key, known before the append), the dispatcher runs the flow as usual, and this listener hands the
 * run's {@code reply} (or nothing, when the run reached no reply step) to the waiting request. Only the first
 * run of an event that the journal appended (not a split item or a fanned-out copy) answers. In-memory and
 * per node: a waiter whose entry another node runs, or that runs too late, gets nothing and the webhook is
 * answered 202.
 */
public final class Replies implements RunListener {

    private record Key(EventType type, String dedupKey) {
    }

    /** A registered wait; close it when the request is answered. */
    public final class Waiter implements AutoCloseable {
        private final Key key;
        private final CompletableFuture<Optional<Reply>> reply = new CompletableFuture<>();

        private Waiter(Key key) {
            this.key = key;
        }

        /** Completes with the reply, or empty when the run reached no reply step. */
        public CompletableFuture<Optional<Reply>> reply() {
            return reply;
        }

        @Override
        public void close() {
            waiting.remove(key, this);
        }
    }

    private final ConcurrentMap<Key, Waiter> waiting = new ConcurrentHashMap<>();

    /**
     * Registers a wait for the reply to the event with this dedup key. Empty when another request already waits
     * for the same event (a concurrent repeat): that one gets the reply.
     */
    public Optional<Waiter> expect(EventType type, String dedupKey) {
        requireNonNull(type, "type");
        requireNonNull(dedupKey, "dedupKey");
        Key key = new Key(type, dedupKey);
        Waiter waiter = new Waiter(key);
        return waiting.putIfAbsent(key, waiter) == null ? Optional.of(waiter) : Optional.empty();
    }

    /** Requests waiting now. */
    public int waiting() {
        return waiting.size();
    }

    @Override
    public void onRun(RunReport report) {
        if (waiting.isEmpty() || report.entry().causedBy() != null) {
            return;
        }
        Waiter waiter = waiting.remove(new Key(report.entry().type(), report.entry().dedupKey()));
        if (waiter != null) {
            waiter.reply.complete(report.run().reply());
        }
    }
}
