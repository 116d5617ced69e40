package dev.dovetail.model;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code syncs/<name>.yaml}: which systems share one canonical entity, who is master, and how each system
 * is read and written.
 *
 * @param entity the canonical entity's name, e.g. {@code Customer}
 * @param master the system that masters the record by default
 * @param fields field path to the system that masters that field (overrides {@code master})
 */
public record SyncDef(String name, String file, String description, String entity, Direction direction, String master,
                      Conflict conflict, Map<String, String> fields, Map<String, Participant> systems) {
    public SyncDef {
        description = description == null ? "" : description;
        fields = fields == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
        systems = systems == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(systems));
    }

    /** The system that masters a field: its entry in {@code fields}, else {@link #master()}. */
    public String masterOf(String field) {
        return fields.getOrDefault(field, master);
    }

    public enum Direction {
        ONE_WAY, TWO_WAY;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public enum Conflict {
        MASTER_WINS, LAST_WRITE_WINS;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One system's part in the sync.
     *
     * @param trigger how changes in this system are noticed (an event of it, a poll of one of its operations, a schedule)
     * @param in      mapping system shape → canonical
     * @param out     mapping canonical → system shape
     * @param create  operation that creates a record in this system
     * @param update  operation that updates one
     * @param lookup  operation that finds an existing record (before creating, by the entity's identity rules)
     */
    public record Participant(String system, Optional<Trigger> trigger, Optional<String> in, Optional<String> out,
                              Optional<String> create, Optional<String> update, Optional<String> lookup) {
        public Participant {
            trigger = trigger == null ? Optional.empty() : trigger;
            in = in == null ? Optional.empty() : in;
            out = out == null ? Optional.empty() : out;
            create = create == null ? Optional.empty() : create;
            update = update == null ? Optional.empty() : update;
            lookup = lookup == null ? Optional.empty() : lookup;
        }
    }
}
