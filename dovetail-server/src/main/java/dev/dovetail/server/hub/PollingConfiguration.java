package dev.dovetail.server.hub;

import dev.dovetail.model.EventRef;
import dev.dovetail.runtime.dispatch.Backoff;
import dev.dovetail.runtime.journal.Journal;
import dev.dovetail.runtime.poll.JdbcWatermarks;
import dev.dovetail.runtime.poll.PageReaders;
import dev.dovetail.runtime.poll.PollObserver;
import dev.dovetail.runtime.poll.Polling;
import dev.dovetail.runtime.poll.PollingOptions;
import dev.dovetail.runtime.poll.Timetables;
import dev.dovetail.server.workspace.LiveWorkspace;
import dev.dovetail.spi.DeliveryOutcome;
import dev.dovetail.spi.PageOutcome;
import dev.dovetail.spi.PageReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.support.CronExpression;

/**
 * Polls and schedules of the serving workspace ({@link Polling}): started after dispatch, switched to every
 * accepted workspace version, stopped before dispatch. Records and ticks go into the hub's {@link Journal};
 * pages are read through the {@link ConnectorRegistry}'s connectors; cron expressions are Spring's
 * {@link CronExpression} in the workspace's time zone. Settings under {@code dovetail.polling.*}; metrics
 * {@code dovetail.poll.*} and {@code dovetail.schedule.ticks}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PollingConfiguration.PollingProperties.class)
public class PollingConfiguration {

    /**
     * {@code dovetail.polling.*}.
     *
     * @param enabled      {@code false}: this node never polls nor fires schedules (another node of the cluster does)
     * @param lease        how long a node's lease on a source holds without renewal; a node that dies mid-poll is
     *                     replaced after this
     * @param pageAttempts attempts to read (or journal) one page before a poll waits for its next tick
     * @param backoff      the wait between those attempts
     * @param stopTimeout  how long a workspace change or shutdown waits for a poll to finish its current page
     */
    @ConfigurationProperties("dovetail.polling")
    public record PollingProperties(@DefaultValue("true") boolean enabled, @DefaultValue("10m") Duration lease,
                                    @DefaultValue("5") int pageAttempts, @DefaultValue Backoffs backoff,
                                    @DefaultValue("10s") Duration stopTimeout) {

        /** @param initial the first wait, @param max the longest */
        public record Backoffs(@DefaultValue("1s") Duration initial, @DefaultValue("60s") Duration max) {}

        PollingOptions options(Clock clock) {
            return PollingOptions.defaults()
                    .withLeaseFor(lease)
                    .withPageAttempts(pageAttempts)
                    .withPageBackoff(Backoff.exponential(backoff.initial(), backoff.max()))
                    .withStopTimeout(stopTimeout)
                    .withClock(clock);
        }
    }

    @Bean(destroyMethod = "close")
    @DependsOnDatabaseInitialization
    Polling polling(DataSource dataSource, Journal journal, PollingProperties properties, Clock clock, MeterRegistry registry) {
        return new Polling(dataSource, journal, new JdbcWatermarks(dataSource, clock), cronTimetables(), properties.options(clock),
                new PollMetrics(registry));
    }

    @Bean
    PollingLifecycle pollingLifecycle(Polling polling, LiveWorkspace live, ConnectorRegistry connectors, PollingProperties properties) {
        return new PollingLifecycle(polling, live, connectors, properties.enabled());
    }

    /** Intervals by the runtime, cron expressions by Spring (5 fields get a leading seconds field of 0). */
    static Timetables cronTimetables() {
        return Timetables.withCron((expression, zone) -> {
            CronExpression cron = CronExpression.parse(springCron(expression));
            return after -> {
                var next = cron.next(after.atZone(zone));
                return next == null ? null : next.toInstant();
            };
        });
    }

    /** A workspace cron (5 or 6 fields, or a macro such as {@code @hourly}) as Spring reads it (6 fields, seconds first). */
    static String springCron(String expression) {
        String text = expression.strip();
        return !text.startsWith("@") && text.split("\\s+").length == 5 ? "0 " + text : text;
    }

    /**
     * Runs {@link Polling} with the serving workspace: after {@link Hub} starts dispatching (so the first tick's
     * entries are worked at once) and until just before it stops.
     */
    static final class PollingLifecycle implements SmartLifecycle {
        private static final Logger log = LoggerFactory.getLogger(PollingLifecycle.class);

        private final Polling polling;
        private final LiveWorkspace live;
        private final PageReaders readers;
        private final boolean enabled;
        private final Object switching = new Object();
        private volatile boolean running;

        PollingLifecycle(Polling polling, LiveWorkspace live, ConnectorRegistry connectors, boolean enabled) {
            this.polling = polling;
            this.live = live;
            this.readers = pageReaders(connectors);
            this.enabled = enabled;
            live.onReload(reload -> {
                if (reload instanceof LiveWorkspace.Reload.Accepted accepted) {
                    apply(accepted.active());
                }
            });
        }

        @Override
        public void start() {
            synchronized (switching) {
                running = true;
                if (!enabled) {
                    log.info("Polling and schedules are off on this node (dovetail.polling.enabled=false)");
                    return;
                }
                live.active().ifPresent(this::apply);
            }
        }

        private void apply(LiveWorkspace.Active active) {
            synchronized (switching) {
                if (!running || !enabled) return;
                try {
                    polling.use(active.workspace(), active.mappings(), readers);
                } catch (RuntimeException e) {
                    log.error("Polling could not switch to workspace version {}", active.workspace().version(), e);
                }
            }
        }

        @Override
        public void stop() {
            synchronized (switching) {
                running = false;
            }
            polling.close();
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            return Hub.PHASE + 1;
        }
    }

    /**
     * Page readers of the serving connectors. Each page is read with the connectors generation current at that
     * moment, held for the read, so a workspace reload never closes a connector under a page being read.
     */
    static PageReaders pageReaders(ConnectorRegistry connectors) {
        return system -> {
            if (connectors.pageReader(system).isEmpty()) return Optional.empty();
            PageReader reader = (call, cursor) -> connectors.withCurrent(generation -> generation.pageReader(system)
                    .map(current -> current.readPage(call, cursor))
                    .orElseGet(() -> DeliveryOutcome.Rejected.because("no connector reads pages of system '" + system + "' any more")));
            return Optional.of(reader);
        };
    }

    /** Counts what polling does, per source ({@code crm.account-changed}, {@code schedule.nightly-report}). */
    static final class PollMetrics implements PollObserver {
        private final MeterRegistry registry;

        PollMetrics(MeterRegistry registry) {
            this.registry = registry;
        }

        private Counter counter(String name, String description, EventRef source, String outcome) {
            return Counter.builder(name).description(description).tag("source", source.toString()).tag("outcome", outcome).register(registry);
        }

        private void records(EventRef source, String outcome, int count) {
            if (count > 0) counter("dovetail.poll.records", "Polled records by what the journal made of them", source, outcome).increment(count);
        }

        private void run(EventRef source, String outcome) {
            counter("dovetail.poll.runs", "Ticks of polls and schedules by what this node did", source, outcome).increment();
        }

        private void page(EventRef source, String outcome) {
            counter("dovetail.poll.pages", "Pages read by polls, by outcome", source, outcome).increment();
        }

        @Override
        public void runStarted(EventRef source, Instant tick) {
            run(source, "started");
        }

        @Override
        public void leaseHeldElsewhere(EventRef source, Instant tick) {
            run(source, "lease-elsewhere");
        }

        @Override
        public void runFailed(EventRef source, String reason) {
            run(source, "failed");
        }

        @Override
        public void pageJournaled(EventRef source, int appended, int duplicates) {
            page(source, "journaled");
            records(source, "appended", appended);
            records(source, "duplicate", duplicates);
        }

        @Override
        public void recordSkipped(EventRef source, String reason) {
            records(source, "skipped", 1);
        }

        @Override
        public void pageRetrying(EventRef source, String reason, Duration wait) {
            page(source, "retried");
        }

        @Override
        public void pageRejected(EventRef source, String reason) {
            page(source, "rejected");
        }

        @Override
        public void watermarkAdvanced(EventRef source, String value) {
            Counter.builder("dovetail.poll.watermark.advanced").description("Times a poll's stored watermark moved on")
                    .tag("source", source.toString()).register(registry).increment();
        }

        @Override
        public void tickJournaled(EventRef source, Instant tick, boolean duplicate) {
            counter("dovetail.schedule.ticks", "Schedule ticks put into the journal", source, duplicate ? "duplicate" : "journaled")
                    .increment();
        }

        @Override
        public void sourceFailed(EventRef source, String reason) {
            run(source, "not-started");
        }
    }
}
