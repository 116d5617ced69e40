package dev.dovetail.sandbox.wms;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** The WMS writes local time (Asia/Shanghai) without a zone, as {@code yyyy-MM-dd HH:mm:ss}. */
final class Timestamps {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");

    private Timestamps() {}

    static String text(Instant instant) {
        return instant.atZone(ZONE).format(TEXT);
    }

    /** For file names: {@code yyyyMMddHHmmss}. */
    static String compact(Instant instant) {
        return instant.atZone(ZONE).format(COMPACT);
    }
}
