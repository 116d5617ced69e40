package dev.dovetail.server.workspace;

import dev.dovetail.model.Problem;
import dev.dovetail.model.ValidationReport;
import dev.dovetail.server.audit.AuditLog;
import dev.dovetail.server.workspace.LiveWorkspace.Reload;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every reload leaves behind: log lines (each problem formatted), audit entries and metrics. */
final class WorkspaceReloadReporting {
    private static final Logger log = LoggerFactory.getLogger("dovetail.workspace");

    private WorkspaceReloadReporting() {}

    static Consumer<Reload> logging() {
        return outcome -> {
            switch (outcome) {
                case Reload.Accepted a -> {
                    var w = a.active().workspace();
                    log.info("Workspace '{}' version {} is live ({} systems, {} mappings, {} flows, {} syncs; {} warning(s)){}",
                            w.settings().name(), w.version(), w.systems().size(), w.mappings().size(), w.flows().size(),
                            w.syncs().size(), a.active().report().warnings().size(),
                            a.previous().map(p -> ", replacing version " + p.workspace().version()).orElse(""));
                    if (!a.active().report().warnings().isEmpty()) {
                        log.warn("Workspace warnings:\n{}", formatted(a.active().report()));
                    }
                }
                case Reload.Unchanged u -> log.info("Workspace reloaded: unchanged, version {} keeps serving",
                        u.active().workspace().version());
                case Reload.Rejected r -> {
                    var errors = r.rejection().report().errors().size();
                    if (r.serving().isPresent()) {
                        log.warn("Workspace edit rejected ({} error(s)); version {} keeps serving:\n{}", errors,
                                r.serving().get().workspace().version(), formatted(r.rejection().report()));
                    } else {
                        log.warn("Workspace not loaded ({} error(s)); fix the files and it loads by itself:\n{}", errors,
                                formatted(r.rejection().report()));
                    }
                }
                case Reload.NotConfigured n -> log.info("No workspace configured (start with --dovetail.workspace=DIR); "
                        + "serving an empty report");
            }
        };
    }

    static Consumer<Reload> auditing(AuditLog auditLog) {
        return outcome -> {
            switch (outcome) {
                case Reload.Accepted a -> auditLog.record(AuditLog.SYSTEM, "workspace.activated",
                        "workspace:" + a.active().workspace().settings().name(),
                        "version=" + a.active().workspace().version() + ", warnings=" + a.active().report().warnings().size(),
                        null);
                case Reload.Rejected r -> auditLog.record(AuditLog.SYSTEM, "workspace.rejected",
                        r.serving().map(s -> "workspace:" + s.workspace().settings().name())
                                .orElse("folder:" + r.rejection().folder()),
                        "version=" + r.rejection().version() + ", errors=" + r.rejection().report().errors().size()
                                + r.rejection().report().errors().stream().findFirst().map(p -> ", first: " + oneLine(p)).orElse(""),
                        null);
                case Reload.Unchanged u -> { }
                case Reload.NotConfigured n -> { }
            }
        };
    }

    /**
     * {@code dovetail_workspace_reloads_total{outcome=accepted|rejected|unchanged}} plus gauges
     * {@code dovetail_workspace_loaded} and {@code dovetail_workspace_rejected_edit} (1 or 0).
     */
    static Consumer<Reload> metrics(MeterRegistry registry, LiveWorkspace live) {
        Map<String, Counter> counters = java.util.stream.Stream.of("accepted", "rejected", "unchanged")
                .collect(Collectors.toMap(o -> o, o -> Counter.builder("dovetail.workspace.reloads")
                        .description("Workspace loads by outcome").tag("outcome", o).register(registry)));
        Gauge.builder("dovetail.workspace.loaded", live, l -> l.active().isPresent() ? 1 : 0)
                .description("1 while a workspace is loaded").register(registry);
        Gauge.builder("dovetail.workspace.rejected.edit", live, l -> l.snapshot().lastRejected().isPresent() ? 1 : 0)
                .description("1 while the latest edit of the workspace is rejected").register(registry);
        return outcome -> {
            switch (outcome) {
                case Reload.Accepted a -> counters.get("accepted").increment();
                case Reload.Rejected r -> counters.get("rejected").increment();
                case Reload.Unchanged u -> counters.get("unchanged").increment();
                case Reload.NotConfigured n -> { }
            }
        };
    }

    private static String formatted(ValidationReport report) {
        return report.problems().stream().map(p -> "  " + p.format().replace("\n", "\n  ")).collect(Collectors.joining("\n"));
    }

    private static String oneLine(Problem p) {
        return p.format().replace("\n", " ");
    }
}
