package dev.dovetail.cli;

import dev.dovetail.model.Problem;
import dev.dovetail.model.WorkspaceLoad;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;

/** How {@code validate} prints a workspace's validation report. */
enum ReportFormat {
    /**
     * One {@code file:line:col: error [code]: message} line per problem (the compiler format, so terminals and
     * editors link it) with its hint below, then a summary. Paths are shown as the user named the folder.
     */
    text {
        @Override
        void print(WorkspaceFolder folder, WorkspaceLoad load, PrintWriter out) {
            for (Problem problem : load.report().problems()) {
                out.println(folder.display(problem).format());
            }
            if (!load.report().problems().isEmpty()) out.println();
            out.println(summary(folder, load));
            out.flush();
        }
    },
    /** One JSON object: {@code workspace, valid, errors, warnings, problems[]} with paths relative to the workspace. */
    json {
        @Override
        void print(WorkspaceFolder folder, WorkspaceLoad load, PrintWriter out) {
            var report = load.report();
            var result = new LinkedHashMap<String, Object>();
            result.put("workspace", folder.shown());
            result.put("name", load.workspace().map(w -> w.settings().name()).orElse(null));
            result.put("valid", !report.hasErrors());
            result.put("errors", report.errors().size());
            result.put("warnings", report.warnings().size());
            result.put("problems", report.problems().stream().map(ReportFormat::asJson).toList());
            out.println(Json.write(result));
            out.flush();
        }
    };

    abstract void print(WorkspaceFolder folder, WorkspaceLoad load, PrintWriter out);

    static String summary(WorkspaceFolder folder, WorkspaceLoad load) {
        var report = load.report();
        String counts = count(report.errors(), "error") + ", " + count(report.warnings(), "warning");
        return report.hasErrors()
                ? folder.shown() + ": invalid, " + counts + "; nothing was loaded"
                : folder.shown() + ": valid, " + counts;
    }

    private static String count(List<Problem> problems, String noun) {
        return problems.size() + " " + noun + (problems.size() == 1 ? "" : "s");
    }

    private static Object asJson(Problem p) {
        var m = new LinkedHashMap<String, Object>();
        m.put("file", p.file());
        m.put("line", p.line());
        m.put("column", p.column());
        m.put("severity", p.severity().name().toLowerCase(java.util.Locale.ROOT));
        m.put("code", p.code());
        m.put("message", p.message());
        m.put("hint", p.hint());
        return m;
    }
}
