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

    /** The settings of the embedded H2 store (see docs/adr/0014-h2-store-settings.md). */
    public static final String H2_OPTIONS = ";WRITE_DELAY=100;RETENTION_TIME=5000;AUTO_COMPACT_FILL_RATE=50;QUERY_CACHE_SIZE=64;DB_CLOSE_ON_EXIT=FALSE";

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(DataSourceProperties properties, DovetailProperties dovetail) {
        if (properties.getUrl() == null || properties.getUrl().isBlank()) {
            var file = embeddedDatabaseFile(dovetail.dataFolder());
            // The journal makes its own commits durable (CHECKPOINT SYNC after appends, CHECKPOINT after state changes);
            // other commits are written by MVStore's background writer within WRITE_DELAY ms, which also compacts the
            // file. RETENTION_TIME bounds how long overwritten pages keep their space. docs/adr/0014-h2-store-settings.md
            properties.setUrl("jdbc:h2:file:" + file + H2_OPTIONS);
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
