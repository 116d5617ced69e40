package dev.dovetail.runtime.intake;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers accepted timestamped signatures until their timestamp leaves the tolerance window, so the same
 * signed request cannot be played again within it. In memory and bounded: beyond {@code capacity} the oldest
 * marks are forgotten (a forgotten repeat is then still recognised by its dedup key and answered 200 without
 * processing). A restart forgets all marks, with the same fallback.
 */
final class ReplayGuard {
    private final int capacity;
    private final LinkedHashMap<String, Instant> marks = new LinkedHashMap<>();

    ReplayGuard(int capacity) {
        this.capacity = capacity;
    }

    synchronized boolean seen(ReplayMark mark, Instant now) {
        Instant expires = marks.get(key(mark));
        return expires != null && expires.isAfter(now);
    }

    synchronized void remember(ReplayMark mark, Instant now) {
        // marks are added roughly in expiry order, so the expired ones sit at the head
        Iterator<Map.Entry<String, Instant>> it = marks.entrySet().iterator();
        while (it.hasNext()) {
            if (it.next().getValue().isAfter(now)) break;
            it.remove();
        }
        while (marks.size() >= capacity) {
            it = marks.entrySet().iterator();
            it.next();
            it.remove();
        }
        marks.put(key(mark), mark.expiresAt());
    }

    synchronized int size() {
        return marks.size();
    }

    private static String key(ReplayMark mark) {
        return mark.system() + '\n' + mark.event() + '\n' + mark.signature();
    }
}
