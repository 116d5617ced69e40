package dev.dovetail.server.hub;

import dev.dovetail.runtime.dispatch.DispatcherOptions;
import dev.dovetail.runtime.hub.Replies;
import dev.dovetail.runtime.hub.RunListener;
import dev.dovetail.runtime.hub.TraceStore;
import dev.dovetail.runtime.intake.WebhookIntake;
import dev.dovetail.runtime.journal.Journal;
import dev.dovetail.runtime.journal.JournalOptions;
import dev.dovetail.server.DovetailProperties;
import dev.dovetail.server.audit.AuditLog;
import dev.dovetail.server.workspace.LiveWorkspace;
import dev.dovetail.spi.EgressPolicy;
import dev.dovetail.spi.PrivateNetworkEgressPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The running hub: journal, connectors, dispatch, webhooks, traces, the messages API and metrics. Beans other
 * features may use: {@link Journal}, {@link ConnectorRegistry} (invokers and page readers of the serving
 * workspace), {@link HubMetrics}, {@link TraceStore}, {@link NodeName} (via {@link #dovetailNodeName}).
 *
 * <p>Shutdown order: the web server stops first (graceful), then {@link Hub} (the dispatcher drains, then gives
 * the rest back), then the trace store and the journal (its queued commits), then the database pool.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HubProperties.class)
@Import(OptionalHubParts.class)
public class HubConfiguration {
    private static final Logger log = LoggerFactory.getLogger(HubConfiguration.class);

    @Bean(destroyMethod = "close")
    NodeName dovetailNodeName(HubProperties hub, DovetailProperties dovetail) {
        var name = hub.dispatch().configuredNodeName().map(NodeName::configured)
                .orElseGet(() -> NodeName.forDataFolder(dovetail.dataFolder()));
        log.info("Node name: {}", name.name());
        return name;
    }

    @Bean(destroyMethod = "close")
    @DependsOnDatabaseInitialization
    Journal journal(DataSource dataSource, HubProperties hub, Clock clock) {
        var settings = hub.journal();
        var options = JournalOptions.defaults()
                .withMaxQueuedEvents(settings.maxQueuedEvents())
                .withMaxBatchEvents(settings.maxBatchEvents())
                .withSyncEachBatch(settings.syncEachBatch())
                .withClock(clock);
        return Journal.open(dataSource, options);
    }

    @Bean(destroyMethod = "close")
    @DependsOnDatabaseInitialization
    TraceStore traceStore(DataSource dataSource, HubProperties hub, Clock clock, HubMetrics metrics) {
        var store = new TraceStore(dataSource, Math.max(1, hub.traces().capacity()), clock);
        metrics.bindTraces(store::dropped);
        return store;
    }

    @Bean
    HubMetrics hubMetrics(MeterRegistry registry) {
        return new HubMetrics(registry);
    }

    @Bean
    ConnectorRegistry connectorRegistry(HubProperties hub, HubMetrics metrics) {
        var egress = hub.egress();
        EgressPolicy policy = egress.denyPrivateNetworks() ? PrivateNetworkEgressPolicy.allowing(egress.allow().toArray(String[]::new))
                : EgressPolicy.allowAll();
        return new ConnectorRegistry(policy, metrics::circuitTransition);
    }

    @Bean
    Replies replies() {
        return new Replies();
    }

    @Bean
    WebhookIntake webhookIntake() {
        return new WebhookIntake();
    }

    @Bean
    Hub hub(LiveWorkspace live, Journal journal, ConnectorRegistry connectors, HubProperties hub, NodeName dovetailNodeName,
            TraceStore traces, HubMetrics metrics, Replies replies, DataSource dataSource, Clock clock) {
        metrics.bindJournal(journal);
        var dispatch = hub.dispatch();
        var delivery = hub.delivery();
        var options = new DispatcherOptions(dovetailNodeName.name(), dispatch.maxConcurrency(), dispatch.claimBatch(), dispatch.lease(),
                dispatch.pollInterval(), delivery.maxAttempts(), delivery.policy().backoff(), dispatch.shutdownTimeout());
        List<RunListener> listeners = new ArrayList<>();
        if (hub.traces().enabled()) {
            listeners.add(report -> traces.offer(report.entry().eventId(), report.entry().attempts(), report.flow().name(),
                    report.run().trace()));
        }
        listeners.add(metrics);
        listeners.add(replies);
        return new Hub(live, journal, connectors, options, delivery.policy(), RunListener.all(listeners), metrics, traces,
                dataSource, hub.journal(), clock);
    }

    @Bean
    ServletRegistrationBean<WebhookServlet> webhookServlet(LiveWorkspace live, WebhookIntake intake, Journal journal, Replies replies,
                                                           HubMetrics metrics, JsonMapper json, Clock clock, HubProperties hub) {
        var servlet = new WebhookServlet(live, intake, journal, replies, metrics, json, clock, hub.journal().appendTimeout(),
                hub.webhooks().replyTimeout());
        var registration = new ServletRegistrationBean<>(servlet, "/hooks/*");
        registration.setName("dovetailWebhooks");
        registration.setLoadOnStartup(1);
        return registration;
    }

    /** {@code /hooks/*} skips every other filter (security, observations, request context): see {@link WebhookFastLane}. */
    @Bean
    FilterRegistrationBean<WebhookFastLane> webhookFastLane(ServletRegistrationBean<WebhookServlet> webhooks) {
        // by URL pattern, not by servlet name: the servlet spec puts name-mapped filters after all URL-mapped ones
        var registration = new FilterRegistrationBean<>(new WebhookFastLane(webhooks.getServlet()));
        registration.addUrlPatterns("/hooks/*");
        registration.setName("dovetailWebhookFastLane");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** The {@code consume:} events of file and SFTP systems, polled every {@code dovetail.files.poll-interval} (2s). */
    @Bean
    FileConsumers fileConsumers(LiveWorkspace live, Journal journal, ConnectorRegistry connectors, MeterRegistry registry,
                                org.springframework.core.env.Environment environment) {
        var interval = org.springframework.boot.convert.DurationStyle.detectAndParse(
                environment.getProperty("dovetail.files.poll-interval", "2s"));
        return new FileConsumers(live, connectors, journal, registry, interval);
    }

    @Bean
    MessageQueries messageQueries(JdbcClient jdbc) {
        return new MessageQueries(jdbc);
    }

    @Bean
    MessagesController messagesController(MessageQueries queries, Journal journal, TraceStore traces, LiveWorkspace live,
                                          AuditLog auditLog, JsonMapper json) {
        return new MessagesController(queries, journal, traces, live, auditLog, json);
    }
}
