package dev.dovetail.model;

import java.util.Optional;

/**
 * Polling an operation of a system on a schedule, remembering how far it got.
 *
 * @param system    the system whose operation is called
 * @param operation the operation's name in that system (it usually lists records changed since the watermark)
 * @param watermark where the next poll starts; empty to fetch everything each time
 */
public record Poll(String system, String operation, Schedule schedule, Optional<Watermark> watermark)
        implements Trigger, SystemDef.EventSource {
    public Poll {
        watermark = watermark == null ? Optional.empty() : watermark;
    }

    public OperationRef operationRef() {
        return new OperationRef(system, operation);
    }

    /**
     * @param field   JSONata path of the value in each polled record that advances the watermark, e.g. {@code updatedAt}
     * @param param   the query parameter the watermark is sent in, e.g. {@code updatedSince}
     * @param initial the watermark before the first poll; empty to start with no parameter
     */
    public record Watermark(String field, String param, Optional<String> initial) {
        public Watermark {
            initial = initial == null ? Optional.empty() : initial;
        }
    }
}
