package dev.dovetail.server.web;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * An expected "no" from an API handler, answered as RFC 9457 {@code application/problem+json}
 * with a stable machine-readable {@code code}.
 */
public class ProblemException extends RuntimeException {
    private final HttpStatus status;
    private final String code;
    private final String title;
    private final transient Map<String, Object> properties;

    public ProblemException(HttpStatus status, String code, String title, String detail) {
        this(status, code, title, detail, Map.of());
    }

    public ProblemException(HttpStatus status, String code, String title, String detail, Map<String, Object> properties) {
        super(detail);
        this.status = requireNonNull(status, "status");
        this.code = requireNonNull(code, "code");
        this.title = requireNonNull(title, "title");
        this.properties = Map.copyOf(properties);
    }

    public static ProblemException notFound(String code, String detail) {
        return new ProblemException(HttpStatus.NOT_FOUND, code, "Not found", detail);
    }

    public static ProblemException badRequest(String code, String detail) {
        return new ProblemException(HttpStatus.BAD_REQUEST, code, "Bad request", detail);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
