package dev.dovetail.connectors.file;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A file read in full: every row, and the key that identifies this file's content.
 *
 * <p>Append {@link #events()} to the journal in one transaction with their dedup keys, then
 * {@link FileSource#acknowledge(FileBatch) acknowledge} the batch. If the process dies in between, the file is
 * still in its folder; the next poll returns it with the same {@code fileKey}, and the journal recognises the
 * events as duplicates.
 *
 * @param system the system's name
 * @param event the event's name
 * @param fileKey {@code <name>@<first 32 hex digits of the SHA-256 of the content>}: the same for the same
 *     file however often and by however many sources it is read
 * @param file the file as it was listed
 * @param records its data rows, in file order
 * @param emit whether {@link #events()} gives an event per row or one for the file
 */
public record FileBatch(String system, String event, String fileKey, StoredFile file, List<FileRecord> records,
                        FileReadOptions.Emit emit) implements PickedFile {

    public FileBatch {
        requireNonNull(system, "system");
        requireNonNull(event, "event");
        requireNonNull(fileKey, "fileKey");
        requireNonNull(file, "file");
        records = List.copyOf(records);
        requireNonNull(emit, "emit");
    }

    /** The journal events of this file: one per row ({@code emit: record}) or one for the file ({@code emit: file}). */
    public List<FileEvent> events() {
        if (emit == FileReadOptions.Emit.FILE) {
            var rows = new ArrayList<Object>(records.size());
            records.forEach(record -> rows.add(new LinkedHashMap<>(record.values())));
            var payload = new LinkedHashMap<String, Object>();
            payload.put("file", file.name());
            payload.put("rows", rows);
            return List.of(new FileEvent(fileKey, payload));
        }
        return records.stream().map(record -> new FileEvent(fileKey + "#" + record.line(),
                (Object) new LinkedHashMap<>(record.values()))).toList();
    }
}
