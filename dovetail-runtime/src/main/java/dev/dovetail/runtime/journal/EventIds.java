package dev.dovetail.runtime.journal;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * Makes UUIDv7 ids (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter so ids made
 * in the same millisecond still sort in the order they were made, then 62 random bits.
 */
final class EventIds {

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private long lastMillis = -1;
    private int counter;

    EventIds(Clock clock) {
        this.clock = clock;
    }

    synchronized EventId next() {
        long millis = clock.millis();
        if (millis > lastMillis) {
            lastMillis = millis;
            counter = 0;
        } else if (++counter > 0xFFF) {
            // more than 4096 ids in one millisecond, or the clock stepped back: borrow from the future
            lastMillis++;
            counter = 0;
        }
        long high = (lastMillis << 16) | 0x7000L | counter;
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new EventId(new UUID(high, low));
    }
}
