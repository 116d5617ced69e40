package dev.dovetail.server.workspace;

import dev.dovetail.model.Problem;
import dev.dovetail.model.ValidationReport;
import dev.dovetail.model.Workspace;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** JSON shapes of the workspace API. */
final class WorkspaceViews {
    private WorkspaceViews() {}

    record ProblemView(String file, int line, int column, String severity, String code, String message, String hint) {
        static ProblemView of(Problem p) {
            return new ProblemView(p.file(), p.line(), p.column(), p.severity().name().toLowerCase(java.util.Locale.ROOT),
                    p.code(), p.message(), p.hint());
        }
    }

    record ReportView(int errors, int warnings, List<ProblemView> problems) {
        static ReportView of(ValidationReport report) {
            return new ReportView(report.errors().size(), report.warnings().size(),
                    report.problems().stream().map(ProblemView::of).toList());
        }
    }

    record RejectionView(Instant at, String version, int errors, int warnings, List<ProblemView> problems) {
        static RejectionView of(LiveWorkspace.Rejection rejection) {
            var report = ReportView.of(rejection.report());
            return new RejectionView(rejection.at(), rejection.version(), report.errors(), report.warnings(), report.problems());
        }
    }

    /**
     * @param status  {@code ok}, {@code rejected-edit} (serving the previous version) or {@code not-loaded}
     * @param current the validation report (warnings) of the version serving now
     */
    record WorkspaceView(String status, String name, String version, String root, Instant loadedAt,
                         Map<String, Integer> counts, Map<String, List<String>> names,
                         ReportView current, RejectionView lastRejected) {

        static WorkspaceView of(LiveWorkspace.Snapshot snapshot) {
            var root = snapshot.root().map(Object::toString).orElse(null);
            var rejected = snapshot.lastRejected().map(RejectionView::of).orElse(null);
            if (snapshot.active().isEmpty()) {
                return new WorkspaceView(snapshot.status().label(), null, null, root, null, Map.of(), Map.of(), null, rejected);
            }
            var active = snapshot.active().get();
            var names = names(active.workspace());
            var counts = new LinkedHashMap<String, Integer>();
            names.forEach((kind, list) -> counts.put(kind, list.size()));
            return new WorkspaceView(snapshot.status().label(), active.workspace().settings().name(),
                    active.workspace().version(), root, active.loadedAt(), counts, names,
                    ReportView.of(active.report()), rejected);
        }

        private static Map<String, List<String>> names(Workspace w) {
            var names = new LinkedHashMap<String, List<String>>();
            names.put("systems", sorted(w.systems().keySet()));
            names.put("entities", sorted(w.entities().keySet()));
            names.put("mappings", sorted(w.mappings().keySet()));
            names.put("valueMaps", sorted(w.valueMaps().keySet()));
            names.put("flows", sorted(w.flows().keySet()));
            names.put("syncs", sorted(w.syncs().keySet()));
            names.put("processes", sorted(w.processes().keySet()));
            names.put("routes", sorted(w.routes().keySet()));
            names.put("dashboards", sorted(w.dashboards().keySet()));
            names.put("fixtures", w.fixtures().stream().map(f -> f.name()).sorted().distinct().toList());
            return names;
        }

        private static List<String> sorted(Set<String> names) {
            return names.stream().sorted().toList();
        }
    }

    /**
     * The problems of the latest load attempt: the rejected edit's when there is one, otherwise the
     * warnings of the version serving.
     *
     * @param source {@code last-rejected}, {@code current} or {@code none}
     */
    record ProblemsView(String status, String source, String version, Instant at, List<ProblemView> problems) {
        static ProblemsView of(LiveWorkspace.Snapshot snapshot) {
            var status = snapshot.status().label();
            if (snapshot.lastRejected().isPresent()) {
                var r = snapshot.lastRejected().get();
                return new ProblemsView(status, "last-rejected", r.version(), r.at(), ReportView.of(r.report()).problems());
            }
            return snapshot.active()
                    .map(a -> new ProblemsView(status, "current", a.workspace().version(), a.loadedAt(),
                            ReportView.of(a.report()).problems()))
                    .orElse(new ProblemsView(status, "none", null, null, List.of()));
        }
    }
}
