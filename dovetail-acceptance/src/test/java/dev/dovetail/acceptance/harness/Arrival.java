package dev.dovetail.acceptance.harness;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request the {@link CountingSink} received, and what it answered.
 *
 * @param seq            its place in arrival order, from 1
 * @param atNanos        {@link System#nanoTime()} when it arrived (comparable with the senders' times: same JVM)
 * @param at             wall-clock arrival time
 * @param orderId        the ERP order number ({@code XSDDH}) of the body, or {@code null} when it has none
 * @param idempotencyKey the {@code Idempotency-Key} header, or {@code null}
 * @param status         what the sink answered
 */
public record Arrival(long seq, long atNanos, Instant at, String method, String path, String orderId, String idempotencyKey,
                      int status, String body) {

    /** Whether the sink applied it (answered 2xx): a raw delivery. */
    public boolean accepted() {
        return status >= 200 && status < 300;
    }

    Map<String, Object> toRecord() {
        var record = new LinkedHashMap<String, Object>();
        record.put("seq", seq);
        record.put("at", at.toString());
        record.put("atNanos", atNanos);
        record.put("method", method);
        record.put("path", path);
        record.put("orderId", orderId);
        record.put("idempotencyKey", idempotencyKey);
        record.put("status", status);
        record.put("body", body);
        return record;
    }
}
