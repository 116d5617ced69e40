package dev.dovetail.runtime.poll;

import dev.dovetail.model.EventRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers what polling reported, for assertions. */
final class RecordingObserver implements PollObserver {
    record Journaled(int appended, int duplicates) {}

    final List<Instant> runs = new CopyOnWriteArrayList<>();
    final List<Instant> skippedTicks = new CopyOnWriteArrayList<>();
    final List<Journaled> pages = new CopyOnWriteArrayList<>();
    final List<String> skippedRecords = new CopyOnWriteArrayList<>();
    final List<String> retries = new CopyOnWriteArrayList<>();
    final List<String> rejections = new CopyOnWriteArrayList<>();
    final List<String> failures = new CopyOnWriteArrayList<>();
    final List<String> watermarks = new CopyOnWriteArrayList<>();
    final List<Instant> ticks = new CopyOnWriteArrayList<>();
    final List<Instant> duplicateTicks = new CopyOnWriteArrayList<>();
    final List<String> sourceFailures = new CopyOnWriteArrayList<>();

    @Override
    public void runStarted(EventRef source, Instant tick) {
        runs.add(tick);
    }

    @Override
    public void leaseHeldElsewhere(EventRef source, Instant tick) {
        skippedTicks.add(tick);
    }

    @Override
    public void pageJournaled(EventRef source, int appended, int duplicates) {
        pages.add(new Journaled(appended, duplicates));
    }

    @Override
    public void recordSkipped(EventRef source, String reason) {
        skippedRecords.add(reason);
    }

    @Override
    public void pageRetrying(EventRef source, String reason, Duration wait) {
        retries.add(reason);
    }

    @Override
    public void pageRejected(EventRef source, String reason) {
        rejections.add(reason);
    }

    @Override
    public void runFailed(EventRef source, String reason) {
        failures.add(reason);
    }

    @Override
    public void watermarkAdvanced(EventRef source, String value) {
        watermarks.add(value);
    }

    @Override
    public void tickJournaled(EventRef source, Instant tick, boolean duplicate) {
        (duplicate ? duplicateTicks : ticks).add(tick);
    }

    @Override
    public void sourceFailed(EventRef source, String reason) {
        sourceFailures.add(source + ": " + reason);
    }

    int duplicatesJournaled() {
        return pages.stream().mapToInt(Journaled::duplicates).sum();
    }

    int appended() {
        return pages.stream().mapToInt(Journaled::appended).sum();
    }
}
