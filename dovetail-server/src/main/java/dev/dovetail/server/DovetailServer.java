package dev.dovetail.server;

import dev.dovetail.server.audit.AuditConfiguration;
import dev.dovetail.server.hub.HubConfiguration;
import dev.dovetail.server.security.SecurityConfiguration;
import dev.dovetail.server.store.StoreConfiguration;
import dev.dovetail.server.web.WebConfiguration;
import dev.dovetail.server.workspace.WorkspaceConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * The Dovetail hub. Wiring is explicit: each feature package contributes one {@code @Configuration}
 * listed here; there is no component scanning.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableConfigurationProperties(DovetailProperties.class)
@Import({
    StoreConfiguration.class,
    AuditConfiguration.class,
    SecurityConfiguration.class,
    WorkspaceConfiguration.class,
    HubConfiguration.class,
    WebConfiguration.class
})
public class DovetailServer {

    public static void main(String[] args) {
        start(args);
    }

    /** Starts the hub with Spring Boot command-line style arguments ({@code --dovetail.workspace=DIR}). */
    public static ConfigurableApplicationContext start(String... args) {
        return SpringApplication.run(DovetailServer.class, args);
    }
}
