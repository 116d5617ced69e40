package dev.dovetail.server.workspace;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * UP while a workspace is loaded, also when the latest edit was rejected (the previous version keeps
 * serving; the detail says so). DOWN when a configured workspace never loaded. UNKNOWN when none is
 * configured, which leaves the overall status UP.
 */
final class WorkspaceHealthIndicator implements HealthIndicator {
    private final LiveWorkspace live;

    WorkspaceHealthIndicator(LiveWorkspace live) {
        this.live = live;
    }

    @Override
    public Health health() {
        var snapshot = live.snapshot();
        if (snapshot.root().isEmpty()) return Health.unknown().withDetail("status", "not-configured").build();
        var health = snapshot.active().isPresent() ? Health.up() : Health.down();
        health.withDetail("status", snapshot.status().label());
        snapshot.active().ifPresent(active -> health
                .withDetail("name", active.workspace().settings().name())
                .withDetail("version", active.workspace().version())
                .withDetail("loadedAt", active.loadedAt().toString()));
        snapshot.lastRejected().ifPresent(rejected -> health
                .withDetail("lastRejectedAt", rejected.at().toString())
                .withDetail("lastRejectedErrors", rejected.report().errors().size()));
        return health.build();
    }
}
