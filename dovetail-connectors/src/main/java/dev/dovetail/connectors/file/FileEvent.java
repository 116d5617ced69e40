package dev.dovetail.connectors.file;

import static java.util.Objects.requireNonNull;

/**
 * What one file gives the journal: an event payload and the key that recognises it when the same file is
 * read again (after a crash before {@link FileSource#acknowledge}).
 *
 * @param dedupKey {@code <fileKey>#<line>} for a row, {@code <fileKey>} for a whole file
 * @param payload a JSON-like value: a row's values, or {@code {"file": name, "rows": [...]}}
 */
public record FileEvent(String dedupKey, Object payload) {
    public FileEvent {
        requireNonNull(dedupKey, "dedupKey");
    }
}
