package dev.dovetail.server.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.dovetail.server.DovetailProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one database of the hub: PostgreSQL (or any JDBC URL) when {@code spring.datasource.url} or
 * {@code DOVETAIL_DB_URL} is set, otherwise an embedded H2 file database in the data folder.
 * Flyway (Spring Boot's auto-configuration) migrates it from {@code classpath:db/migration}.
 */
@Configuration(proxyBeanMethods = false)
public class StoreConfiguration {
    private static final Logger log = LoggerFactory.getLogger(StoreConfiguration.class);

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(DataSourceProperties properties, DovetailProperties dovetail) {
        if (properties.getUrl() == null || properties.getUrl().isBlank()) {
            var file = embeddedDatabaseFile(dovetail.dataFolder());
            // WRITE_DELAY=0: a commit is in the file before it returns, so a killed process loses nothing committed
            // (the journal adds CHECKPOINT SYNC for its appends); see docs/adr/0010-journal-group-commit.md
            properties.setUrl("jdbc:h2:file:" + file + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
            if (properties.getUsername() == null || properties.getUsername().isBlank()) properties.setUsername("sa");
            log.info("Store: embedded H2 database {}.mv.db", file);
        } else {
            log.info("Store: {}", withoutSecrets(properties.getUrl()));
        }
        var dataSource = properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
        dataSource.setPoolName("dovetail");
        return dataSource;
    }

    static Path embeddedDatabaseFile(Path dataFolder) {
        try {
            Files.createDirectories(dataFolder);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data folder " + dataFolder
                    + " (set dovetail.data-dir / DOVETAIL_DATA_DIR to a writable folder)", e);
        }
        return dataFolder.resolve("dovetail");
    }

    /** JDBC URLs may carry {@code password=...}; keep it out of the log. */
    static String withoutSecrets(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
