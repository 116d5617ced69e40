package dev.dovetail.server.audit;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class AuditController {
    private final AuditLog auditLog;

    AuditController(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    @GetMapping("/api/v1/audit")
    List<AuditEntry> latest(@RequestParam(defaultValue = "100") int limit) {
        return auditLog.latest(limit);
    }
}
