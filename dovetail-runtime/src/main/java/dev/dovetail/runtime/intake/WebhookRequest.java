package dev.dovetail.runtime.intake;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP request to {@code /hooks/{system}/{event}}, as the server received it.
 *
 * @param system        the {@code {system}} path segment
 * @param event         the {@code {event}} path segment
 * @param contentType   the {@code Content-Type} header as sent (with parameters), or {@code null} when absent;
 *                      when {@code null} the {@code Content-Type} entry of {@code headers} is used
 * @param headers       every header; names are looked up without regard to case
 * @param body          the raw body bytes (not copied: do not change the array afterwards). The server should
 *                      read at most {@link WebhookIntake#bodyLimit} + 1 bytes so an oversized body is refused
 *                      without buffering it whole
 * @param remoteAddress the peer's address, for traces and logs (may be empty)
 * @param receivedAt    when the request arrived
 */
public record WebhookRequest(String system, String event, String contentType, Map<String, List<String>> headers,
                             byte[] body, String remoteAddress, Instant receivedAt) {

    public WebhookRequest {
        requireNonNull(system, "system");
        requireNonNull(event, "event");
        requireNonNull(body, "body");
        requireNonNull(receivedAt, "receivedAt");
        remoteAddress = remoteAddress == null ? "" : remoteAddress;
        var copy = new TreeMap<String, List<String>>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((name, values) -> {
                if (name == null || values == null) return;
                copy.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values.stream().filter(v -> v != null).toList());
            });
        }
        copy.replaceAll((name, values) -> List.copyOf(values));
        headers = Collections.unmodifiableMap(copy);
        if (contentType == null) {
            var values = copy.get("Content-Type");
            contentType = values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** The first value of the header {@code name} (any case), if the request has it. */
    public Optional<String> header(String name) {
        var values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Every value of the header {@code name} (any case), in the order received. */
    public List<String> headerValues(String name) {
        return headers.getOrDefault(name, List.of());
    }

    /** A short description for logs: never the body or header values. */
    @Override
    public String toString() {
        return "WebhookRequest[" + system + "/" + event + ", " + contentType + ", " + body.length + " bytes from " + remoteAddress + "]";
    }
}
