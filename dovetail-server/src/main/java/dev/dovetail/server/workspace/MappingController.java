package dev.dovetail.server.workspace;

import dev.dovetail.mapping.MappingResult;
import dev.dovetail.model.Mapping;
import dev.dovetail.server.web.ProblemException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/v1/mappings}: the mappings of the serving workspace and the playground endpoint
 * {@code POST /api/v1/mappings/{name}/evaluate}, where the name may contain slashes
 * ({@code erp/order.out}).
 */
@RestController
class MappingController {
    static final String VERSION_HEADER = "Dovetail-Workspace-Version";
    private static final String EVALUATE = "/evaluate";
    private static final int MAX_INPUT_BYTES = 4 * 1024 * 1024;

    private final LiveWorkspace live;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    MappingController(LiveWorkspace live, JsonMapper json) {
        this.live = live;
        this.reader = json.readerFor(Object.class).with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        this.writer = json.writer().with(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN);
    }

    record MappingSummary(String name, String file) {}

    record MappingSource(String name, String file, String expression, String workspaceVersion) {}

    @GetMapping("/api/v1/mappings")
    List<MappingSummary> list() {
        return active().workspace().mappings().values().stream()
                .sorted(Comparator.comparing(Mapping::name))
                .map(m -> new MappingSummary(m.name(), m.file()))
                .toList();
    }

    @GetMapping("/api/v1/mappings/{*name}")
    MappingSource source(@PathVariable String name) {
        var active = active();
        var mapping = mapping(active, name.substring(1));
        return new MappingSource(mapping.name(), mapping.file(), mapping.expression(), active.workspace().version());
    }

    @PostMapping("/api/v1/mappings/{*path}")
    ResponseEntity<String> evaluate(@PathVariable String path, InputStream body) throws IOException {
        if (!path.endsWith(EVALUATE)) {
            throw ProblemException.notFound("not-found", "POST /api/v1/mappings/{name}/evaluate evaluates a mapping; "
                    + "nothing else is posted here.");
        }
        // one read of the holder: the workspace and the engine always belong together
        var active = active();
        var name = path.substring(1, path.length() - EVALUATE.length());
        mapping(active, name);
        var result = active.mappings().evaluate(name, parse(body.readNBytes(MAX_INPUT_BYTES + 1)));
        return switch (result) {
            case MappingResult.Success success -> ResponseEntity.ok()
                    .contentType(MediaType.APPLICATION_JSON)
                    .header(VERSION_HEADER, active.workspace().version())
                    .body(writer.writeValueAsString(success.output()));
            case MappingResult.Failure failure -> {
                var details = new LinkedHashMap<String, Object>();
                details.put("mapping", name);
                details.put("mappingCode", failure.code());
                failure.position().ifPresent(p -> {
                    details.put("line", p.line());
                    details.put("column", p.column());
                });
                details.put("workspaceVersion", active.workspace().version());
                throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "mapping-failed", "Mapping failed",
                        failure.format(), details);
            }
        };
    }

    /** JSON in, with decimals kept exact (money); an empty body is {@code null}. */
    private Object parse(byte[] body) {
        if (body.length == 0) return null;
        if (body.length > MAX_INPUT_BYTES) {
            throw new ProblemException(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Input too large",
                    "The playground takes inputs up to " + MAX_INPUT_BYTES / (1024 * 1024) + " MB.");
        }
        try {
            return reader.readValue(body);
        } catch (JacksonException e) {
            throw ProblemException.badRequest("unreadable-body", "The request body is not valid JSON: "
                    + e.getOriginalMessage());
        }
    }

    private LiveWorkspace.Active active() {
        return live.active().orElseThrow(() -> new ProblemException(HttpStatus.CONFLICT, "workspace-not-loaded",
                "No workspace loaded", live.root().isEmpty()
                        ? "Start the hub with --dovetail.workspace=DIR to serve a workspace."
                        : "The workspace folder has errors; GET /api/v1/workspace/problems lists them."));
    }

    private static Mapping mapping(LiveWorkspace.Active active, String name) {
        return active.workspace().mapping(name).orElseThrow(() -> ProblemException.notFound("unknown-mapping",
                "The workspace has no mapping '" + name + "' (mappings/" + name + ".jsonata)."));
    }
}
