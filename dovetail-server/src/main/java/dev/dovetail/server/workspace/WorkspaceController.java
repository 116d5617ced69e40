package dev.dovetail.server.workspace;

import dev.dovetail.server.audit.AuditLog;
import dev.dovetail.server.web.ProblemException;
import dev.dovetail.server.workspace.WorkspaceViews.ProblemView;
import dev.dovetail.server.workspace.WorkspaceViews.ProblemsView;
import dev.dovetail.server.workspace.WorkspaceViews.WorkspaceView;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/workspace}: what is loaded, what was rejected, and a forced reload. */
@RestController
class WorkspaceController {
    private final LiveWorkspace live;
    private final AuditLog auditLog;

    WorkspaceController(LiveWorkspace live, AuditLog auditLog) {
        this.live = live;
        this.auditLog = auditLog;
    }

    @GetMapping("/api/v1/workspace")
    WorkspaceView workspace() {
        return WorkspaceView.of(live.snapshot());
    }

    @GetMapping("/api/v1/workspace/problems")
    ProblemsView problems() {
        return ProblemsView.of(live.snapshot());
    }

    record ReloadView(String outcome, WorkspaceView workspace) {}

    /**
     * Reloads now, without waiting for the watcher, and re-reads environment variables and secrets even
     * when no file changed. A rejected folder answers 422 with every problem.
     */
    @PostMapping("/api/v1/workspace/reload")
    ReloadView reload(Authentication who, HttpServletRequest request) {
        auditLog.record(who.getName(), "workspace.reload-requested",
                live.root().map(root -> "workspace:" + root).orElse(null), null, request.getRemoteAddr());
        var outcome = live.reload(true);
        return switch (outcome) {
            case LiveWorkspace.Reload.Accepted a -> new ReloadView("accepted", WorkspaceView.of(live.snapshot()));
            case LiveWorkspace.Reload.Unchanged u -> new ReloadView("unchanged", WorkspaceView.of(live.snapshot()));
            case LiveWorkspace.Reload.NotConfigured n -> throw new ProblemException(HttpStatus.CONFLICT,
                    "workspace-not-configured", "No workspace configured",
                    "Start the hub with --dovetail.workspace=DIR (or DOVETAIL_WORKSPACE) to serve a workspace.");
            case LiveWorkspace.Reload.Rejected r -> throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT,
                    "workspace-rejected", "Workspace rejected",
                    r.rejection().report().errors().size() + " error(s) in the workspace folder; "
                            + (r.serving().isPresent() ? "the previous version keeps serving." : "nothing is loaded."),
                    Map.of("version", r.rejection().version(),
                            "problems", r.rejection().report().problems().stream().map(ProblemView::of).toList()));
        };
    }
}
