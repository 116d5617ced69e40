package dev.dovetail.server.web;

import dev.dovetail.server.workspace.LiveWorkspace;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class WebConfiguration {

    @Bean
    ProblemHandler problemHandler() {
        return new ProblemHandler();
    }

    @Bean
    SchemaController schemaController() {
        return new SchemaController();
    }

    @Bean
    ReadyAnnouncement readyAnnouncement(LiveWorkspace live) {
        return new ReadyAnnouncement(live);
    }

    @Bean
    IndexController indexController() {
        return new IndexController();
    }
}
