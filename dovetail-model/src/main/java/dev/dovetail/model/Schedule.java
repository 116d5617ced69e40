package dev.dovetail.model;

import java.time.Duration;
import java.util.Optional;

/**
 * A timer: exactly one of a fixed interval ({@code every: 5m}) or a cron expression ({@code cron: "0 0/5 * * * *"},
 * 5 or 6 fields, evaluated in the workspace time zone).
 */
public record Schedule(Optional<Duration> every, Optional<String> cron) implements Trigger, SystemDef.EventSource {
    public Schedule {
        every = every == null ? Optional.empty() : every;
        cron = cron == null ? Optional.empty() : cron;
    }

    public static Schedule every(Duration interval) {
        return new Schedule(Optional.of(interval), Optional.empty());
    }

    public static Schedule cron(String expression) {
        return new Schedule(Optional.empty(), Optional.of(expression));
    }
}
