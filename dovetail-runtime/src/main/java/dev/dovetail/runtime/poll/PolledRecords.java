package dev.dovetail.runtime.poll;

import dev.dovetail.mapping.MappingEngine;
import dev.dovetail.model.EventRef;
import dev.dovetail.model.Poll;
import dev.dovetail.model.SystemDef;
import dev.dovetail.runtime.dedup.DedupKeys;
import dev.dovetail.runtime.journal.NewEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns the records of a page into journal events, as webhook intake does for a request: the record key
 * from the event's {@code key} path, the dedup key from the key and the {@code version} path (or the
 * record's canonical hash), the record itself as the JSON payload. Also finds the page's highest
 * watermark value.
 */
final class PolledRecords {
    static final String CONTENT_TYPE = "application/json";
    private static final int MAX_KEY = 500;

    /** A page made ready for the journal. */
    record Prepared(List<NewEvent> events, List<String> skipped, String highestWatermark) {}

    private final EventRef source;
    private final RecordPath key;
    private final Optional<RecordPath> version;
    private final Optional<RecordPath> watermarkField;

    PolledRecords(EventRef source, SystemDef.Event event, Optional<Poll.Watermark> watermark, MappingEngine mappings) {
        this.source = source;
        this.key = new RecordPath(event.key(), mappings);
        this.version = event.version().map(path -> new RecordPath(path, mappings));
        this.watermarkField = watermark.map(w -> new RecordPath(w.field(), mappings));
    }

    Prepared prepare(List<Object> items) {
        var events = new ArrayList<NewEvent>(items.size());
        var skipped = new ArrayList<String>();
        String highest = null;
        int index = 0;
        for (Object item : items) {
            index++;
            if (watermarkField.isPresent()) {
                // a record that cannot be journaled still moves the watermark: it would fail again on every poll
                highest = WatermarkOrder.max(highest, text(watermarkField.get(), item).orElse(null));
            }
            var recordKey = text(key, item);
            if (recordKey.isEmpty() || recordKey.get().isBlank()) {
                skipped.add("record " + index + " has no value at the key path '" + key.path() + "'");
                continue;
            }
            if (recordKey.get().length() > MAX_KEY) {
                skipped.add("record " + index + ": the key at '" + key.path() + "' is longer than " + MAX_KEY + " characters");
                continue;
            }
            String dedupKey;
            if (version.isPresent()) {
                var recordVersion = text(version.get(), item);
                if (recordVersion.isEmpty() || recordVersion.get().isBlank()) {
                    skipped.add("record " + index + " (key " + recordKey.get() + ") has no value at the version path '"
                            + version.get().path() + "'");
                    continue;
                }
                dedupKey = DedupKeys.ofVersion(source.system(), source.event(), recordKey.get(), recordVersion.get());
            } else {
                dedupKey = DedupKeys.ofPayload(source.system(), source.event(), recordKey.get(), item);
            }
            events.add(new NewEvent(source.system(), source.event(), recordKey.get(), dedupKey, CONTENT_TYPE, DedupKeys.json(item)));
        }
        return new Prepared(events, skipped, highest);
    }

    private static Optional<String> text(RecordPath path, Object item) {
        return switch (path.read(item)) {
            case RecordPath.Found found -> DedupKeys.text(found.value());
            case RecordPath.Failed failed -> Optional.empty();
        };
    }
}
