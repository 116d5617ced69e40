package dev.dovetail.server.hub;

import dev.dovetail.connectors.http.CircuitState;
import dev.dovetail.connectors.http.CircuitTransition;
import dev.dovetail.runtime.dispatch.Outcome;
import dev.dovetail.runtime.flow.FlowRun;
import dev.dovetail.runtime.flow.Trace;
import dev.dovetail.runtime.hub.RunListener;
import dev.dovetail.runtime.hub.RunReport;
import dev.dovetail.runtime.journal.EntryStatus;
import dev.dovetail.runtime.journal.Journal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's Prometheus metrics (docs/operations.md lists them): events received, deliveries by outcome,
 * dead letters, delivery latency, flow runs, journal backlog and circuit breakers.
 */
public final class HubMetrics implements RunListener {
    private static final Logger log = LoggerFactory.getLogger(HubMetrics.class);
    private static final Duration BACKLOG_CACHE = Duration.ofSeconds(1);

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Set<String> circuitGauges = ConcurrentHashMap.newKeySet();
    private volatile Map<EntryStatus, Long> backlog = Map.of();
    private volatile Instant backlogReadAt = Instant.MIN;

    public HubMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** An event was appended to the journal (a new one, not a repeat). */
    public void received(String system, String event) {
        counter("dovetail.events.received", "Events accepted into the journal", "system", system, "event", event).increment();
    }

    /** A repeat of an event already in the journal was recognised and not processed again. */
    public void duplicate(String system, String event) {
        counter("dovetail.events.duplicates", "Repeated events recognised by their dedup key", "system", system, "event", event)
                .increment();
    }

    /** A webhook was refused (4xx) or could not be journaled (503); {@code code} says why. */
    public void refused(String code) {
        counter("dovetail.webhooks.refused", "Webhook requests answered with an error", "code", code).increment();
    }

    @Override
    public void onRun(RunReport report) {
        String flow = report.flow().name();
        Instant received = report.entry().receivedAt();
        for (Trace.StepTrace step : report.run().trace().steps()) {
            if (!step.kind().equals("deliver")) continue;
            for (Trace.Call call : step.calls()) {
                String outcome = switch (call.outcome()) {
                    case DELIVERED -> "delivered";
                    case RETRY_LATER -> "retried";
                    case REJECTED, NOT_SENT -> "rejected";
                    case ALREADY_DELIVERED -> null;
                };
                if (outcome == null) continue;
                counter("dovetail.deliveries", "Delivery attempts by outcome", "flow", flow, "system", call.target().system(),
                        "operation", call.target().operation(), "outcome", outcome).increment();
                if (outcome.equals("delivered") && received != null) {
                    Duration latency = Duration.between(received, call.startedAt().plus(call.duration()));
                    if (!latency.isNegative()) latency(flow).record(latency);
                }
            }
        }
        String run = switch (report.run()) {
            case FlowRun.Completed c -> "completed";
            case FlowRun.Filtered f -> "filtered";
            case FlowRun.Split s -> "split";
            case FlowRun.RetryLater r -> report.outcome() instanceof Outcome.Dead ? "gave-up" : "retry";
            case FlowRun.Failed f -> "failed";
        };
        counter("dovetail.flow.runs", "Flow runs by how they ended", "flow", flow, "outcome", run).increment();
        if (report.outcome() instanceof Outcome.Dead) {
            counter("dovetail.dead.letters", "Messages that became dead letters", "flow", flow).increment();
        }
    }

    /** Backlog gauges per unfinished status, read from the journal at most once a second. */
    public void bindJournal(Journal journal) {
        for (EntryStatus status : EntryStatus.values()) {
            if (status.isFinished()) continue;
            Gauge.builder("dovetail.journal.backlog", () -> backlog(journal).getOrDefault(status, 0L))
                    .description("Journal entries not finished yet, by status")
                    .tag("status", status.name().toLowerCase(Locale.ROOT))
                    .strongReference(true)
                    .register(registry);
        }
    }

    /** Traces dropped because the store could not keep up. */
    public void bindTraces(Supplier<Long> dropped) {
        io.micrometer.core.instrument.FunctionCounter.builder("dovetail.traces.dropped", dropped, s -> s.get().doubleValue())
                .description("Run traces not stored (queue full or database error)")
                .register(registry);
    }

    /** A circuit state gauge for {@code system}, registered once; NaN while the system has no breaker. */
    public void bindCircuit(String system, ConnectorRegistry connectors) {
        if (!circuitGauges.add(system)) return;
        Gauge.builder("dovetail.circuit.breaker.state",
                        () -> connectors.circuitState(system).map(HubMetrics::stateValue).orElse(Double.NaN))
                .description("Circuit breaker of a system: 0 closed, 1 open, 2 half-open, -1 disabled")
                .tag("system", system)
                .strongReference(true)
                .register(registry);
    }

    /** Counts a breaker change and logs it. */
    public void circuitTransition(CircuitTransition transition) {
        counter("dovetail.circuit.breaker.transitions", "Circuit breaker state changes", "system", transition.system(),
                "from", label(transition.from()), "to", label(transition.to())).increment();
    }

    static double stateValue(CircuitState state) {
        return switch (state) {
            case CLOSED -> 0;
            case OPEN -> 1;
            case HALF_OPEN -> 2;
            case DISABLED -> -1;
        };
    }

    private static String label(CircuitState state) {
        return state.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private Map<EntryStatus, Long> backlog(Journal journal) {
        Instant now = Instant.now();
        if (now.isAfter(backlogReadAt.plus(BACKLOG_CACHE))) {
            try {
                backlog = new EnumMap<>(journal.backlog());
            } catch (RuntimeException e) {
                log.debug("Cannot read the journal backlog", e);
            }
            backlogReadAt = now;
        }
        return backlog;
    }

    private Timer latency(String flow) {
        return timers.computeIfAbsent(flow, f -> Timer.builder("dovetail.delivery.latency")
                .description("From an event's arrival in the journal until a target accepted its delivery")
                .tag("flow", f)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry));
    }

    private Counter counter(String name, String description, String... tags) {
        var key = new StringBuilder(name);
        for (String tag : tags) key.append('\u0000').append(tag);
        return counters.computeIfAbsent(key.toString(), k -> Counter.builder(name).description(description).tags(tags).register(registry));
    }
}
