package dev.dovetail.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The hub's own settings, under {@code dovetail.*}. Environment variables bind by Spring's relaxed
 * rules: {@code DOVETAIL_WORKSPACE}, {@code DOVETAIL_DATA_DIR}, {@code DOVETAIL_ADMIN_PASSWORD}, …
 *
 * @param workspace the workspace folder to serve; none means the hub starts with an empty report
 * @param dataDir   where the embedded database (and later other local state) lives
 */
@ConfigurationProperties("dovetail")
public record DovetailProperties(
        Path workspace,
        @DefaultValue("./data") Path dataDir,
        @DefaultValue Admin admin,
        @DefaultValue Reload reload,
        @DefaultValue Security security) {

    public Optional<Path> workspaceFolder() {
        return Optional.ofNullable(workspace).map(p -> p.toAbsolutePath().normalize());
    }

    public Path dataFolder() {
        return dataDir.toAbsolutePath().normalize();
    }

    /**
     * @param password preset password for the {@code admin} user created on the first start
     *                 ({@code DOVETAIL_ADMIN_PASSWORD}); ignored once any user exists
     */
    public record Admin(String password) {
        public Optional<String> presetPassword() {
            return Optional.ofNullable(password).filter(p -> !p.isEmpty());
        }
    }

    /**
     * @param mode         {@code watch} (file-system events, falling back to polling), {@code poll}, or {@code off}
     * @param debounce     quiet time after the last change before reloading, so a burst of saves loads once
     * @param pollInterval how often the {@code poll} mode (and the fallback) compares the folder's content hash
     */
    public record Reload(
            @DefaultValue("watch") Mode mode,
            @DefaultValue("250ms") Duration debounce,
            @DefaultValue("1s") Duration pollInterval) {

        public enum Mode { WATCH, POLL, OFF }
    }

    /**
     * @param publicMetrics whether {@code /actuator/prometheus} answers without login (see docs/security.md)
     */
    public record Security(@DefaultValue("true") boolean publicMetrics) {}
}
