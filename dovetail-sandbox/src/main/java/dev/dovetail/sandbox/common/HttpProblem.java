package dev.dovetail.sandbox.common;

import java.util.Map;

/**
 * Thrown by a {@link Handler} to answer with an error status. The system renders it through
 * {@link HttpSandbox#problem(HttpProblem)} (JSON {@code {"error": code, "message": ...}} by default;
 * systems with their own error style, like OA's {@code errcode}/{@code errmsg}, override that).
 */
public final class HttpProblem extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, String> headers;

    /**
     * @param status  HTTP status
     * @param code    short machine-readable reason, e.g. {@code not_found}
     * @param message human-readable explanation
     */
    public HttpProblem(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    public HttpProblem(int status, String code, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.headers = Map.copyOf(headers);
    }

    public static HttpProblem badRequest(String message) {
        return new HttpProblem(400, "bad_request", message);
    }

    public static HttpProblem notFound(String message) {
        return new HttpProblem(404, "not_found", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Extra response headers, e.g. {@code Retry-After} or {@code WWW-Authenticate}. */
    public Map<String, String> headers() {
        return headers;
    }
}
