package dev.dovetail.acceptance.harness;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a list of {@link Arrival}s means in the terms of docs/reliability.md: <em>raw deliveries</em> are requests the
 * sink accepted (2xx); <em>effects</em> are distinct {@code Idempotency-Key}s among them (a target that honours the
 * key applies each once). An order delivered under two different keys is a <em>duplicate effect</em>: the hub
 * treated one event as two.
 */
public final class SinkLedger {
    private final List<Arrival> arrivals;
    private final Map<String, Set<String>> keysByOrder = new LinkedHashMap<>();
    private final Map<String, Integer> acceptedByOrder = new LinkedHashMap<>();
    private final Map<String, Integer> requestsByOrder = new LinkedHashMap<>();
    private final Set<String> keys = new LinkedHashSet<>();
    private int accepted;
    private int withoutKey;

    public SinkLedger(List<Arrival> arrivals) {
        this.arrivals = List.copyOf(arrivals);
        for (var arrival : this.arrivals) {
            if (arrival.orderId() != null) requestsByOrder.merge(arrival.orderId(), 1, Integer::sum);
            if (!arrival.accepted()) continue;
            accepted++;
            if (arrival.idempotencyKey() == null) {
                withoutKey++;
                continue;
            }
            keys.add(arrival.idempotencyKey());
            if (arrival.orderId() != null) {
                keysByOrder.computeIfAbsent(arrival.orderId(), o -> new LinkedHashSet<>()).add(arrival.idempotencyKey());
                acceptedByOrder.merge(arrival.orderId(), 1, Integer::sum);
            }
        }
    }

    /** Requests of any outcome. */
    public int requests() {
        return arrivals.size();
    }

    /** Requests the sink accepted (2xx). */
    public int rawDeliveries() {
        return accepted;
    }

    /** Distinct idempotency keys among the accepted requests. */
    public int effects() {
        return keys.size();
    }

    /** Accepted requests beyond the first of their key: what a target that ignores the key would have applied twice. */
    public int rawDuplicates() {
        return accepted - withoutKey - keys.size();
    }

    /** Accepted requests that carried no {@code Idempotency-Key} (the hub must always send one). */
    public int acceptedWithoutKey() {
        return withoutKey;
    }

    /** Orders with at least one accepted delivery. */
    public Set<String> deliveredOrders() {
        return keysByOrder.keySet();
    }

    /** Orders accepted under more than one idempotency key: duplicate effects. */
    public Set<String> ordersWithSeveralKeys() {
        var found = new TreeSet<String>();
        keysByOrder.forEach((order, orderKeys) -> {
            if (orderKeys.size() > 1) found.add(order);
        });
        return found;
    }

    /** The idempotency keys an order was accepted under. */
    public Set<String> keys(String orderId) {
        return keysByOrder.getOrDefault(orderId, Set.of());
    }

    /** How many requests (any outcome) carried this order. */
    public int requests(String orderId) {
        return requestsByOrder.getOrDefault(orderId, 0);
    }

    /** How many accepted requests carried this order. */
    public int rawDeliveries(String orderId) {
        return acceptedByOrder.getOrDefault(orderId, 0);
    }

    /** Of {@code expected}, the orders with no accepted delivery. */
    public Set<String> missing(Collection<String> expected) {
        var missing = new TreeSet<String>(expected);
        missing.removeAll(keysByOrder.keySet());
        return missing;
    }

    /** Delivered orders that are not in {@code sent}: effects without a matching inbound event. */
    public Set<String> unexpected(Collection<String> sent) {
        var extra = new TreeSet<String>(keysByOrder.keySet());
        extra.removeAll(Set.copyOf(sent));
        return extra;
    }

    /** The requests that carried this order, in arrival order. */
    public List<Arrival> of(String orderId) {
        return arrivals.stream().filter(a -> orderId.equals(a.orderId())).toList();
    }

    /** Arrival time ({@link System#nanoTime()}) of the first accepted delivery of each order. */
    public Map<String, Long> firstDeliveryNanos() {
        var first = new LinkedHashMap<String, Long>();
        for (var arrival : arrivals) {
            if (arrival.accepted() && arrival.orderId() != null) first.putIfAbsent(arrival.orderId(), arrival.atNanos());
        }
        return first;
    }

    public List<Arrival> arrivals() {
        return arrivals;
    }
}
