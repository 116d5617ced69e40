package dev.dovetail.server.web;

import dev.dovetail.server.workspace.LiveWorkspace;
import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Logs {@code Dovetail ready on http://localhost:PORT (...)} once the hub serves requests. The
 * launcher and tests wait for this line (or for {@code /actuator/health}).
 */
final class ReadyAnnouncement implements ApplicationListener<ApplicationReadyEvent> {
    private static final Logger log = LoggerFactory.getLogger("dovetail");

    private final LiveWorkspace live;

    ReadyAnnouncement(LiveWorkspace live) {
        this.live = live;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        var port = event.getApplicationContext().getEnvironment().getProperty("local.server.port", "?");
        var uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        var snapshot = live.snapshot();
        var workspace = snapshot.active()
                .map(a -> "workspace '" + a.workspace().settings().name() + "' " + snapshot.status().label())
                .orElse(snapshot.root().isPresent() ? "workspace not loaded, see the problems above" : "no workspace");
        log.info("Dovetail ready on http://localhost:{} ({}; {} ms after JVM start)", port, workspace, uptime);
    }
}
