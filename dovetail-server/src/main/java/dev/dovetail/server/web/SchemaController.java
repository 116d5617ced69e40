package dev.dovetail.server.web;

import java.io.IOException;
import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the JSON Schemas of workspace files (published by dovetail-model on the classpath) without
 * login, so editors can fetch them from the hub: {@code /schemas/system.schema.json}.
 */
@RestController
class SchemaController {
    static final String LOCATION = "dev/dovetail/model/schemas/";
    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]{0,40}");
    private static final MediaType SCHEMA_JSON = MediaType.parseMediaType("application/schema+json");

    @GetMapping("/schemas/{kind}.schema.json")
    ResponseEntity<byte[]> schema(@PathVariable String kind) throws IOException {
        var resource = new ClassPathResource(LOCATION + kind + ".schema.json");
        if (!KIND.matcher(kind).matches() || !resource.exists()) {
            throw ProblemException.notFound("unknown-schema", "There is no schema for '" + kind
                    + "'. Kinds: dovetail, system, entity, flow, sync, process, dashboard, tests.");
        }
        try (var in = resource.getInputStream()) {
            return ResponseEntity.ok()
                    .contentType(SCHEMA_JSON)
                    .cacheControl(CacheControl.maxAge(Duration.ofHours(1)))
                    .body(in.readAllBytes());
        }
    }
}
