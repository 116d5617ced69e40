package dev.dovetail.sandbox.common;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Named counters for tests, served at {@code GET /_control/stats}. {@link HttpSandbox} counts
 * {@code requests}, {@code responses.<status>} and the {@code faults.*} counters; systems add their
 * own (e.g. {@code webhooks.delivered}). Cleared by {@code POST /_control/reset}.
 */
public final class Stats {

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

    public void increment(String name) {
        add(name, 1);
    }

    public void add(String name, long delta) {
        counters.computeIfAbsent(name, n -> new LongAdder()).add(delta);
    }

    /** The counter's value, 0 when it was never counted. */
    public long get(String name) {
        LongAdder adder = counters.get(name);
        return adder == null ? 0 : adder.sum();
    }

    /** All counters, sorted by name. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((name, adder) -> out.put(name, adder.sum()));
        return out;
    }

    public void clear() {
        counters.clear();
    }
}
