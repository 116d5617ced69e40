package dev.dovetail.model;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code dovetail.yaml}: the workspace's name and defaults.
 *
 * @param name            {@code [a-z0-9-]+}
 * @param timezone        IANA zone, default UTC; schedules and date helpers use it
 * @param currency        ISO 4217, default CNY
 * @param locale          BCP 47 tag, default {@code zh-CN}
 * @param secretsStore    the encrypted secret store file (resolved against the workspace root), if any
 * @param mapping         limits on every mapping evaluation
 * @param sensitiveFields field names masked in traces and logs (matched case-insensitively at any depth)
 */
public record Settings(
        String name,
        String description,
        ZoneId timezone,
        Currency currency,
        Locale locale,
        Optional<Path> secretsStore,
        MappingLimits mapping,
        List<String> sensitiveFields) {

    public Settings {
        description = description == null ? "" : description;
        secretsStore = secretsStore == null ? Optional.empty() : secretsStore;
        mapping = mapping == null ? MappingLimits.DEFAULT : mapping;
        sensitiveFields = sensitiveFields == null ? List.of() : List.copyOf(sensitiveFields);
    }

    /** @param timeout the longest one evaluation may run (default 2s), @param maxDepth the deepest recursion (default 100) */
    public record MappingLimits(Duration timeout, int maxDepth) {
        public static final MappingLimits DEFAULT = new MappingLimits(Duration.ofSeconds(2), 100);
    }
}
