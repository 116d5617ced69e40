package dev.dovetail.server.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds RFC 9457 problem details the same way everywhere: {@code type} is
 * {@code urn:dovetail:problem:<code>} and the stable {@code code} is repeated as its own member, so
 * clients can switch on it without parsing URIs.
 */
public final class Problems {
    private Problems() {}

    public static ProblemDetail of(HttpStatusCode status, String code, String title, String detail) {
        var problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        withCode(problem, code);
        return problem;
    }

    public static ProblemDetail withCode(ProblemDetail problem, String code) {
        problem.setType(URI.create("urn:dovetail:problem:" + code));
        problem.setProperty("code", code);
        return problem;
    }

    /** For filters that answer before Spring MVC is involved (security entry points). */
    public static void write(HttpServletResponse response, JsonMapper json, HttpStatusCode status, String code,
                             String title, String detail, String instance) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:dovetail:problem:" + code);
        body.put("title", title);
        body.put("status", status.value());
        body.put("detail", detail);
        if (instance != null) body.put("instance", instance);
        body.put("code", code);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), body);
    }

    /** The default code for a status when nothing more specific applies. */
    static String codeFor(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> "bad-request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 409 -> "conflict";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            case 422 -> "unprocessable";
            case 503 -> "unavailable";
            default -> status.is5xxServerError() ? "internal-error" : "http-" + status.value();
        };
    }
}
