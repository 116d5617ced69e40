package dev.dovetail.connectors.http;

import dev.dovetail.spi.DeliveryOutcome;
import dev.dovetail.spi.DeliveryOutcome.RetryLater;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Protects one system: its circuit breaker refuses calls while it is down, its rate limiter spaces
 * requests evenly, and a semaphore bounds the requests in flight.
 */
final class TargetGuard {

    private static final System.Logger LOG = System.getLogger(TargetGuard.class.getName());

    private final String system;
    private final CircuitBreaker breaker;
    private final RateLimiter rateLimiter; // null when unlimited
    private final Semaphore slots; // null when unlimited
    private final Duration openFor;
    private final List<Consumer<CircuitTransition>> listeners = new CopyOnWriteArrayList<>();
    private volatile long openedAtNanos;

    TargetGuard(String system, HttpLimits limits, Clock clock) {
        this.system = system;
        var settings = limits.circuitBreaker();
        this.openFor = settings.openFor();
        this.breaker = CircuitBreaker.of("http-" + system, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.windowSize())
                .minimumNumberOfCalls(settings.minimumCalls())
                .failureRateThreshold(settings.failureRatePercent())
                .waitDurationInOpenState(settings.openFor())
                .permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls())
                .automaticTransitionFromOpenToHalfOpenEnabled(false) // no timer thread; the next call probes
                .writableStackTraceEnabled(false)
                .build());
        if (!settings.enabled()) {
            breaker.transitionToDisabledState();
        }
        breaker.getEventPublisher().onStateTransition(event -> {
            var transition = event.getStateTransition();
            if (transition.getToState() == CircuitBreaker.State.OPEN) {
                openedAtNanos = System.nanoTime();
            }
            var change = new CircuitTransition(system, map(transition.getFromState()), map(transition.getToState()), clock.instant());
            LOG.log(change.to() == CircuitState.OPEN ? System.Logger.Level.WARNING : System.Logger.Level.INFO,
                    "circuit breaker of system ''{0}'': {1} -> {2}", system, change.from(), change.to());
            listeners.forEach(listener -> listener.accept(change));
        });
        this.rateLimiter = limits.ratePerSecond() <= 0 ? null : RateLimiter.of("http-" + system, RateLimiterConfig.custom()
                .limitForPeriod(1) // one permit per period spreads requests evenly instead of in bursts
                .limitRefreshPeriod(Duration.ofNanos(Math.max(1, Math.round(1_000_000_000d / limits.ratePerSecond()))))
                .timeoutDuration(limits.timeout())
                .build());
        this.slots = limits.concurrency() <= 0 ? null : new Semaphore(limits.concurrency(), true);
    }

    /**
     * Runs one exchange with the system if the breaker, the rate limit and a free slot allow it
     * within {@code slotWait}; records its outcome with the breaker.
     */
    DeliveryOutcome run(Duration slotWait, Supplier<DeliveryOutcome> exchange) {
        if (!breaker.tryAcquirePermission()) {
            return refusedByBreaker();
        }
        if (rateLimiter != null && !rateLimiter.acquirePermission()) {
            breaker.releasePermission();
            return RetryLater.because("the rate limit of system '" + system + "' leaves no free slot within its timeout");
        }
        if (slots != null) {
            try {
                if (!slots.tryAcquire(slotWait.toNanos(), TimeUnit.NANOSECONDS)) {
                    breaker.releasePermission();
                    return RetryLater.because("all connections to system '" + system + "' stayed busy for "
                            + slotWait.toMillis() + " ms");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                breaker.releasePermission();
                return RetryLater.because("interrupted while waiting for a free connection");
            }
        }
        var start = System.nanoTime();
        DeliveryOutcome outcome;
        try {
            outcome = exchange.get();
        } catch (RuntimeException | Error bug) {
            breaker.releasePermission();
            throw bug;
        } finally {
            if (slots != null) {
                slots.release();
            }
        }
        var took = System.nanoTime() - start;
        if (OutcomeClassifier.isTargetFailure(outcome)) {
            breaker.onError(took, TimeUnit.NANOSECONDS, new TargetUnwell(((RetryLater) outcome).reason()));
        } else {
            breaker.onSuccess(took, TimeUnit.NANOSECONDS);
        }
        return outcome;
    }

    private DeliveryOutcome refusedByBreaker() {
        if (breaker.getState() == CircuitBreaker.State.HALF_OPEN) {
            return RetryLater.because("circuit breaker of system '" + system + "' is half-open and its probe calls are under way");
        }
        var remaining = openFor.minusNanos(System.nanoTime() - openedAtNanos);
        return new RetryLater(remaining.isNegative() ? Duration.ZERO : remaining,
                "circuit breaker of system '" + system + "' is open after repeated failures; not calling it",
                DeliveryOutcome.NO_STATUS, null);
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    CircuitState state() {
        return map(breaker.getState());
    }

    void onTransition(Consumer<CircuitTransition> listener) {
        listeners.add(listener);
    }

    private static CircuitState map(CircuitBreaker.State state) {
        return switch (state) {
            case CLOSED, METRICS_ONLY -> CircuitState.CLOSED;
            case OPEN, FORCED_OPEN -> CircuitState.OPEN;
            case HALF_OPEN -> CircuitState.HALF_OPEN;
            case DISABLED -> CircuitState.DISABLED;
        };
    }

    /** What the breaker records for a failed exchange. */
    private static final class TargetUnwell extends RuntimeException {
        TargetUnwell(String reason) {
            super(reason, null, false, false);
        }
    }
}
