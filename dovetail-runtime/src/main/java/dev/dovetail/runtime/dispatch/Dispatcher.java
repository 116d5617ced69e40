package dev.dovetail.runtime.dispatch;

import static java.util.Objects.requireNonNull;

import dev.dovetail.runtime.journal.Claim;
import dev.dovetail.runtime.journal.EventType;
import dev.dovetail.runtime.journal.Journal;
import dev.dovetail.runtime.journal.JournalQueue;
import dev.dovetail.runtime.journal.JournalUnavailable;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * Runs journal entries through their handlers: one thread claims ready entries (woken by appends and
 * finishes, with a periodic poll as a safety net) and starts a virtual thread per claimed entry, within
 * the global bound and each group's bound. Entries of one key run one at a time in append order (the
 * claim query sees to that); different keys run in parallel. Claims are leases, renewed while a handler
 * runs; a crashed node's claims are taken over when their leases expire.
 */
public final class Dispatcher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());
    private static final Duration GATHER_FINISHES = Duration.ofMillis(2);

    private final JournalQueue queue;
    private final DispatcherOptions options;
    private final String claimant;
    private volatile Routes routes;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Integer> busyByGroup = new HashMap<>(); // guarded by lock; counts reservations too
    // guarded by lock: per type, the groups of the slots reserved for entries claimed at append, not started yet
    private final Map<EventType, java.util.ArrayDeque<String>> reservedGroups = new HashMap<>();
    private boolean signalled; // guarded by lock
    private Instant localRetryDue; // guarded by lock
    private final Map<Long, Running> running = new ConcurrentHashMap<>();

    private volatile boolean stopping;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AutoCloseable subscription;
    private final AutoCloseable handOff;
    private final Thread claimer;

    /** A claimed entry being worked on; {@code recording} once its outcome is being written (its lease then no longer matters). */
    private static final class Running {
        private final Claim claim;
        private volatile boolean recording;

        Running(Claim claim) {
            this.claim = claim;
        }

        Claim claim() {
            return claim;
        }
    }

    private Dispatcher(Journal journal, Routes routes, DispatcherOptions options) {
        this.queue = journal.queue();
        this.options = options;
        this.routes = routes;
        this.claimant = options.nodeName() + "/" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        int released = queue.releaseAbandoned(options.nodeName() + "/", claimant);
        if (released > 0) {
            LOG.log(Level.INFO, "Resuming {0} journal entries left in progress by an earlier run of {1}",
                    released, options.nodeName());
        }
        this.subscription = journal.onNewWork(this::wake);
        this.handOff = journal.handOffTo(new ClaimAtAppend());
        this.claimer = Thread.ofPlatform().name("dovetail-dispatcher").daemon(true).start(this::claimLoop);
    }

    /**
     * Starts dispatching. Claims that earlier runs of this node left in progress are released first,
     * so their entries resume at once.
     */
    public static Dispatcher start(Journal journal, Routes routes, DispatcherOptions options) {
        requireNonNull(journal, "journal");
        requireNonNull(routes, "routes");
        requireNonNull(options, "options");
        return new Dispatcher(journal, routes, options);
    }

    /** Switches to new routes; entries already running finish with the handler they started with. */
    public void use(Routes newRoutes) {
        this.routes = requireNonNull(newRoutes, "newRoutes");
        wake();
    }

    /** Tells the dispatcher that entries may have become ready. Cheap; signals coalesce. */
    public void wake() {
        lock.lock();
        try {
            signalled = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Entries being processed on this node now. */
    public int running() {
        return running.size();
    }

    /** The claimant name this dispatcher claims under ({@code <nodeName>/<run id>}). */
    public String claimant() {
        return claimant;
    }

    private void claimLoop() {
        Instant nextRenewal = queue.now().plus(renewalInterval());
        Instant nextDueCheck = Instant.MIN;
        Instant dueInJournal = null;
        while (!stopping) {
            Duration sleep;
            try {
                Instant now = queue.now();
                if (!now.isBefore(nextRenewal)) {
                    renewLeases();
                    nextRenewal = now.plus(renewalInterval());
                }
                if (claimOnce()) {
                    continue; // a full batch: more is probably ready
                }
                if (!now.isBefore(nextDueCheck)) {
                    // retries scheduled by other nodes; this node's own are tracked as they are recorded
                    dueInJournal = queue.nextDue(routes.types(), now).orElse(null);
                    nextDueCheck = now.plus(options.pollInterval());
                }
                sleep = sleepUntilNext(now, nextRenewal, dueInJournal);
            } catch (JournalUnavailable e) {
                LOG.log(Level.WARNING, "Dispatch could not reach the journal; trying again in {0}", options.pollInterval(), e);
                sleep = options.pollInterval();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "Dispatch failed unexpectedly; trying again in {0}", options.pollInterval(), e);
                sleep = options.pollInterval();
            }
            awaitWork(sleep);
        }
    }

    /** @return whether the claim came back full (so there may be more to claim right away) */
    private boolean claimOnce() {
        Routes current = routes;
        Set<EventType> types;
        int free;
        Map<String, Integer> busy;
        lock.lock();
        try {
            signalled = false;
            free = Math.min(options.claimBatch(), options.maxConcurrency() - running.size() - reserved());
            busy = new HashMap<>(busyByGroup);
        } finally {
            lock.unlock();
        }
        if (free <= 0) {
            return false;
        }
        types = current.types().stream()
                .filter(t -> current.routeOf(t).map(r -> busy.getOrDefault(r.group().name(), 0) < r.group().concurrency()).orElse(false))
                .collect(Collectors.toSet());
        if (types.isEmpty()) {
            return false;
        }
        List<Claim> claims = queue.claim(claimant, types, free, options.lease(), type -> {
            Routes.Group group = current.routeOf(type).orElseThrow().group();
            int inGroup = busy.getOrDefault(group.name(), 0);
            if (inGroup >= group.concurrency()) {
                return false;
            }
            busy.put(group.name(), inGroup + 1);
            return true;
        });
        for (Claim claim : claims) {
            start(claim, current.routeOf(claim.entry().type()).orElseThrow());
        }
        return claims.size() == free;
    }

    private void start(Claim claim, Routes.Route route) {
        Thread thread = Thread.ofVirtual().name("dovetail-dispatch-" + claim.eventId()).unstarted(() -> work(claim, route));
        lock.lock();
        try {
            busyByGroup.merge(route.group().name(), 1, Integer::sum);
            running.put(claim.seq(), new Running(claim));
        } finally {
            lock.unlock();
        }
        thread.start();
    }

    /**
     * Runs the entry and hands its outcome to the journal. The slot is freed as soon as the outcome is queued,
     * not when it is committed: the key's next entry still waits for the commit (the claim query sees to that),
     * and waiting for the group commit here would cap dispatch at {@code maxConcurrency} per commit interval.
     */
    private void work(Claim claim, Routes.Route route) {
        boolean slotFreed = false;
        Outcome outcome = null;
        try {
            outcome = attempt(claim, route.handler());
            Running self = running.get(claim.seq());
            if (self != null) self.recording = true;
            CompletableFuture<Boolean> recording = record(claim, outcome);
            finished(claim, route.group());
            slotFreed = true;
            boolean recorded = recording.get(options.shutdownTimeout().toMillis() + 60_000, TimeUnit.MILLISECONDS);
            if (!recorded) {
                LOG.log(Level.WARNING, "Lost the claim on journal entry {0} (another node took it over or it was"
                        + " released); its outcome {1} was not recorded", claim.eventId(), outcome);
            }
        } catch (Exception e) {
            // the entry stays claimed; it is retried when its lease expires
            LOG.log(Level.WARNING, "Could not record the outcome {1} of journal entry {0}", claim.eventId(), outcome, e);
        } finally {
            if (!slotFreed) finished(claim, route.group());
        }
    }

    private Outcome attempt(Claim claim, EntryHandler handler) {
        int attempt = claim.attempt();
        if (attempt > options.maxAttempts()) {
            return new Outcome.Dead("gave up after " + options.maxAttempts() + " attempts",
                    "the entry was claimed " + attempt + " times without an outcome (a handler crash, hang or lost lease each time);"
                            + " last error: " + claim.entry().lastError());
        }
        try {
            Outcome outcome = handler.handle(claim.entry());
            if (outcome == null) {
                throw new IllegalStateException("the handler returned no outcome");
            }
            return outcome;
        } catch (Exception | LinkageError | AssertionError e) {
            String reason = "handler failed: " + e;
            if (attempt >= options.maxAttempts()) {
                return new Outcome.Dead(reason + " (attempt " + attempt + " of " + options.maxAttempts() + ")", stackTrace(e));
            }
            LOG.log(Level.DEBUG, "Handler failed on journal entry {0}, attempt {1}", claim.eventId(), attempt, e);
            return new Outcome.RetryAfter(options.errorBackoff().delayAfter(attempt), reason);
        }
    }

    private CompletableFuture<Boolean> record(Claim claim, Outcome outcome) {
        return switch (outcome) {
            case Outcome.Done d -> queue.markDone(claim, d.progress());
            case Outcome.RetryAt r -> {
                retryDueAt(r.at());
                yield queue.scheduleRetry(claim, r.at(), r.reason(), r.progress());
            }
            case Outcome.RetryAfter r -> {
                Instant at = queue.now().plus(r.delay());
                retryDueAt(at);
                yield queue.scheduleRetry(claim, at, r.reason(), r.progress());
            }
            case Outcome.Dead d -> queue.markDead(claim, d.reason(), d.detail(), d.progress());
        };
    }

    private void finished(Claim claim, Routes.Group group) {
        lock.lock();
        try {
            running.remove(claim.seq());
            busyByGroup.merge(group.name(), -1, (a, b) -> a + b == 0 ? null : a + b);
            signalled = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void renewLeases() {
        List<Claim> claims = running.values().stream().filter(r -> !r.recording).map(Running::claim).toList();
        for (Claim lost : queue.renew(claims, options.lease())) {
            Running now = running.get(lost.seq());
            if (now == null || now.recording) continue; // finished while renewing: its row left IN_PROGRESS, not lost
            LOG.log(Level.WARNING, "The lease on journal entry {0} was lost; another claimant may process it too",
                    lost.eventId());
        }
    }

    private Duration renewalInterval() {
        return options.lease().dividedBy(3);
    }

    private Duration sleepUntilNext(Instant now, Instant nextRenewal, Instant dueInJournal) {
        Instant wakeAt = now.plus(options.pollInterval());
        lock.lock();
        try {
            for (Instant candidate : new Instant[] {nextRenewal, dueInJournal, localRetryDue}) {
                if (candidate != null && candidate.isBefore(wakeAt)) {
                    wakeAt = candidate;
                }
            }
            if (localRetryDue != null && !localRetryDue.isAfter(now)) {
                localRetryDue = null;
            }
        } finally {
            lock.unlock();
        }
        Duration sleep = Duration.between(now, wakeAt);
        return sleep.isNegative() ? Duration.ZERO : sleep;
    }

    private void retryDueAt(Instant at) {
        lock.lock();
        try {
            if (localRetryDue == null || at.isBefore(localRetryDue)) {
                localRetryDue = at;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sleeps until signalled or {@code timeout}. Finishes tend to arrive together (their state changes
     * share a commit); after the first, wait a moment for more, so one claim fills several slots.
     */
    private void awaitWork(Duration timeout) {
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (!signalled && !stopping && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            int enough = Math.max(1, Math.min(options.claimBatch(), options.maxConcurrency()) / 4);
            long gather = GATHER_FINISHES.toNanos();
            while (!stopping && !running.isEmpty() && options.maxConcurrency() - running.size() < enough && gather > 0) {
                gather = changed.awaitNanos(gather);
            }
            signalled = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops claiming, waits up to the shutdown timeout for running entries to finish, then releases the
     * claims of those still running, so the next start (of any node) resumes them at once; their late
     * outcomes are then refused. Close the dispatcher before the journal.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeQuietly(handOff, "stop the hand-off of appends");
        stopping = true;
        wake();
        try {
            claimer.join(options.shutdownTimeout());
            long nanos = options.shutdownTimeout().toNanos();
            lock.lock();
            try {
                while (!running.isEmpty() && nanos > 0) {
                    nanos = changed.awaitNanos(nanos);
                }
            } finally {
                lock.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Still running after the timeout: give the claims back, so the next start resumes them at once. The
        // threads are not interrupted: an interrupt closes the file channel of an embedded H2 database in use.
        for (Running r : List.copyOf(running.values())) {
            try {
                queue.release(r.claim()).get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.log(Level.WARNING, "Could not release the claim on journal entry {0}; it resumes when its lease expires",
                        r.claim().eventId(), e);
            }
        }
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "Could not unsubscribe from the journal", e);
        }
    }

    /** Slots reserved for entries claimed at append and not started yet. Call with the lock held. */
    private int reserved() {
        int n = 0;
        for (var groups : reservedGroups.values()) n += groups.size();
        return n;
    }

    private static void closeQuietly(AutoCloseable closeable, String what) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "Could not " + what, e);
        }
    }

    /**
     * Takes fresh appends from the journal, claimed in their append transaction (docs/adr/0016-claim-at-append.md):
     * a reservation counts against the global bound and the group's bound like a running entry.
     */
    private final class ClaimAtAppend implements dev.dovetail.runtime.journal.LocalDispatch {
        @Override
        public String claimant() {
            return claimant;
        }

        @Override
        public Duration lease() {
            return options.lease();
        }

        @Override
        public boolean reserve(EventType type) {
            lock.lock();
            try {
                if (stopping) return false;
                Routes.Route route = routes.routeOf(type).orElse(null);
                if (route == null || running.size() + reserved() >= options.maxConcurrency()) return false;
                String group = route.group().name();
                if (busyByGroup.getOrDefault(group, 0) >= route.group().concurrency()) return false;
                busyByGroup.merge(group, 1, Integer::sum);
                reservedGroups.computeIfAbsent(type, t -> new java.util.ArrayDeque<>()).add(group);
                return true;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void cancel(EventType type) {
            lock.lock();
            try {
                unreserve(type);
                signalled = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void start(Claim claim) {
            lock.lock();
            try {
                unreserve(claim.entry().type());
                Routes.Route route = stopping ? null : routes.routeOf(claim.entry().type()).orElse(null);
                if (route != null) {
                    Dispatcher.this.start(claim, route); // under the lock: the reserved slot passes straight to the run
                    return;
                }
                signalled = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            // stopping, or the route went away with a reload: the entry is ready again at once for whoever runs it
            queue.release(claim);
        }

        /** Gives back one reservation of this type; returns its group. Call with the lock held. */
        private String unreserve(EventType type) {
            var groups = reservedGroups.get(type);
            String group = groups == null ? null : groups.poll();
            if (group == null) return null;
            if (groups.isEmpty()) reservedGroups.remove(type);
            busyByGroup.merge(group, -1, (a, b) -> a + b == 0 ? null : a + b);
            return group;
        }
    }

    private static String stackTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
