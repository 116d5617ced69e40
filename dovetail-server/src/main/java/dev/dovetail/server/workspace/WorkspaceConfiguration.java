package dev.dovetail.server.workspace;

import dev.dovetail.mapping.JsonataSyntax;
import dev.dovetail.mapping.MappingEngine;
import dev.dovetail.model.WorkspaceLoader;
import dev.dovetail.server.DovetailProperties;
import dev.dovetail.server.audit.AuditLog;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
public class WorkspaceConfiguration {

    @Bean
    LiveWorkspace liveWorkspace(DovetailProperties properties, Clock clock, AuditLog auditLog, MeterRegistry meters) {
        // Placeholders resolve from system properties, then the process environment; ${secret:..} from
        // DOVETAIL_SECRET_* (the same way) and then the encrypted store named in dovetail.yaml (master key:
        // DOVETAIL_MASTER_KEY).
        var loader = new WorkspaceLoader(new ProcessEnvironment(), new JsonataSyntax());
        var live = new LiveWorkspace(properties.workspaceFolder(), loader::load, MappingEngine::of, clock);
        live.onReload(WorkspaceReloadReporting.logging());
        live.onReload(WorkspaceReloadReporting.auditing(auditLog));
        live.onReload(WorkspaceReloadReporting.metrics(meters, live));
        return live;
    }

    @Bean
    WorkspaceLifecycle workspaceLifecycle(LiveWorkspace live, DovetailProperties properties) {
        return new WorkspaceLifecycle(live, properties.reload());
    }

    @Bean
    WorkspaceHealthIndicator workspaceHealthIndicator(LiveWorkspace live) {
        return new WorkspaceHealthIndicator(live);
    }

    @Bean
    WorkspaceController workspaceController(LiveWorkspace live, AuditLog auditLog) {
        return new WorkspaceController(live, auditLog);
    }

    @Bean
    MappingController mappingController(LiveWorkspace live, JsonMapper json) {
        return new MappingController(live, json);
    }
}
