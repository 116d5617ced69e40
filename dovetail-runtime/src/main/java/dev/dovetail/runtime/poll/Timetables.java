package dev.dovetail.runtime.poll;

import static java.util.Objects.requireNonNull;

import dev.dovetail.model.Schedule;
import java.time.ZoneId;
import java.util.function.BiFunction;

/**
 * Turns a workspace {@link Schedule} into a {@link Timetable}. The runtime evaluates {@code every}
 * itself; cron expressions need an evaluator from outside (the server passes Spring's).
 */
@FunctionalInterface
public interface Timetables {

    /**
     * The timetable of {@code schedule}, whose cron expression (if any) is read in {@code zone}.
     *
     * @throws IllegalArgumentException when the schedule cannot be evaluated
     */
    Timetable of(Schedule schedule, ZoneId zone);

    /** Intervals only; a cron schedule is refused (its source does not run). */
    static Timetables intervalsOnly() {
        return withCron((expression, zone) -> {
            throw new IllegalArgumentException("no cron evaluator is configured for '" + expression + "'");
        });
    }

    /** Intervals, and cron expressions (as written in the workspace: 5 or 6 fields or a macro) by {@code cron}. */
    static Timetables withCron(BiFunction<String, ZoneId, Timetable> cron) {
        requireNonNull(cron, "cron");
        return (schedule, zone) -> {
            if (schedule.every().isPresent()) {
                return Timetable.every(schedule.every().get());
            }
            if (schedule.cron().isPresent()) {
                return cron.apply(schedule.cron().get(), zone);
            }
            throw new IllegalArgumentException("a schedule needs 'every' or 'cron'");
        };
    }
}
