package dev.dovetail.connectors.http;

import dev.dovetail.spi.DeliveryOutcome;
import dev.dovetail.spi.DeliveryOutcome.Delivered;
import dev.dovetail.spi.DeliveryOutcome.Rejected;
import dev.dovetail.spi.DeliveryOutcome.RetryLater;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * The one place that decides what an HTTP answer or a failure to get one means:
 *
 * <table>
 *   <tr><th>what happened</th><th>outcome</th></tr>
 *   <tr><td>2xx</td><td>Delivered</td></tr>
 *   <tr><td>408, 429, 5xx</td><td>RetryLater, with {@code Retry-After} when the answer has one</td></tr>
 *   <tr><td>other 1xx, 3xx, 4xx</td><td>Rejected, with an excerpt of the answer</td></tr>
 *   <tr><td>connection refused or reset, DNS failure, TLS failure, timeouts, other I/O errors</td><td>RetryLater</td></tr>
 *   <tr><td>a 2xx answer larger than the limit</td><td>Rejected (the request may have taken effect)</td></tr>
 * </table>
 *
 * Redirects are not followed: a system that answers 3xx is misconfigured (or trying to send us
 * elsewhere), and that is for a person to look at.
 */
final class OutcomeClassifier {

    private OutcomeClassifier() {}

    static DeliveryOutcome classify(int status, Map<String, List<String>> headers, byte[] body, String contentType, Instant now) {
        if (status >= 200 && status < 300) {
            return new Delivered(status, ResponseBodies.parse(body, contentType), headers);
        }
        var excerpt = DeliveryOutcome.excerpt(ResponseBodies.text(body, contentType));
        if (status == 408 || status == 429 || status >= 500) {
            var retryAfter = RetryAfter.parse(first(headers, "retry-after"), now);
            var reason = "HTTP " + status + " " + phrase(status)
                    + (retryAfter != null ? ", Retry-After " + retryAfter.toSeconds() + " s" : "");
            return new RetryLater(retryAfter, reason, status, excerpt);
        }
        var reason = "HTTP " + status + " " + phrase(status);
        if (status >= 300 && status < 400) {
            var location = first(headers, "location");
            reason += " (redirects are not followed; check the system's baseUrl"
                    + (location == null ? ")" : ", it points to " + location + ")");
        }
        return new Rejected(reason, status, excerpt);
    }

    /** A failure before a complete answer arrived. */
    static DeliveryOutcome classify(Throwable failure, Duration timeout, Duration connectTimeout) {
        return switch (failure) {
            case HttpConnectTimeoutException e -> RetryLater.because("connect timed out after " + millis(connectTimeout));
            case HttpTimeoutException e -> RetryLater.because("no complete answer within " + millis(timeout));
            case ResponseTooLarge e -> Rejected.because(
                    "the target accepted the request but " + e.getMessage() + " (the request may have taken effect)");
            case ConnectException e -> RetryLater.because("cannot connect: " + describe(e));
            case EgressDeniedAtConnect e -> Rejected.because(e.getMessage());
            case UnknownHostException e -> RetryLater.because("cannot resolve host " + e.getMessage());
            case UnresolvedAddressException e -> RetryLater.because("cannot resolve host");
            case SSLException e -> RetryLater.because("TLS failed: " + describe(e));
            case IOException e -> RetryLater.because("I/O error: " + describe(e));
            default -> RetryLater.because("request failed: " + describe(failure));
        };
    }

    /** Whether an outcome says the system is unwell, which is what the circuit breaker counts. */
    static boolean isTargetFailure(DeliveryOutcome outcome) {
        return outcome instanceof RetryLater later && later.status() != 429;
    }

    private static String first(Map<String, List<String>> headers, String name) {
        for (var entry : headers.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                return entry.getValue().getFirst();
            }
        }
        return null;
    }

    private static String describe(Throwable failure) {
        var message = failure.getMessage();
        var cause = failure.getCause();
        if ((message == null || message.isBlank()) && cause != null && cause != failure) {
            return describe(cause);
        }
        return failure.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }

    private static String millis(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static String phrase(int status) {
        return switch (status) {
            case 300 -> "Multiple Choices";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 304 -> "Not Modified";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> status >= 500 ? "server error" : status >= 400 ? "client error" : "unexpected status";
        };
    }
}
