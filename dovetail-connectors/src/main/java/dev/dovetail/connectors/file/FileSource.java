package dev.dovetail.connectors.file;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the files of one event ({@code events.<event>.consume}) from a folder, for the runtime to poll.
 *
 * <pre>{@code
 * for (var picked : source.poll()) {
 *     switch (picked) {
 *         case FileBatch batch -> {
 *             journal.appendAll(toNewEvents(batch.events()));   // dedup keys make a re-read harmless
 *             source.acknowledge(batch);                       // only now: move to processed/
 *         }
 *         case RefusedFile refused -> alerts.raise(refused);   // already in error/ with its reasons
 *     }
 * }
 * }</pre>
 *
 * <p>A file is taken whole or not at all: it is read and parsed completely before anything is returned. Files
 * whose names start with {@code .} or end in {@code .tmp} are skipped (writers' temporary names), and so are
 * folders and links. Files are returned oldest first.
 *
 * <p>The durable "already seen" record is the journal: {@link FileBatch#fileKey()} depends only on the file's
 * name and content, so after a crash between the journal commit and {@link #acknowledge} the same file gives the
 * same dedup keys. A source keeps no other state across restarts; the only thing it remembers in memory is the
 * previous listing, for {@link FileReadOptions.ReadLock#CHANGED}.
 */
public final class FileSource {

    private final String system;
    private final String event;
    private final FileReadOptions options;
    private final FileStore store;
    private final PathMatcher matcher;
    private Map<String, StoredFile> previousListing = new HashMap<>();

    public FileSource(String system, String event, FileReadOptions options, FileStore store) {
        this.system = requireNonNull(system, "system");
        this.event = requireNonNull(event, "event");
        this.options = requireNonNull(options, "options");
        this.store = requireNonNull(store, "store");
        this.matcher = FileSystems.getDefault().getPathMatcher("glob:" + options.pattern());
    }

    /** The source of an event of a configured system. */
    public static FileSource of(FileSystemConfig config, String event, FileStore store) {
        var options = config.events().get(event);
        if (options == null) {
            throw new IllegalArgumentException("system " + config.system() + " has no consume event " + event);
        }
        return new FileSource(config.system(), event, options, store);
    }

    /**
     * Lists the folder and reads the files that are ready, up to {@code maxFiles}. A file that cannot be read as
     * configured is moved to the error folder (with {@code <name>.err}) and returned as a {@link RefusedFile}.
     *
     * @throws IOException when the store cannot be listed or a file cannot be read now (try again later)
     */
    public synchronized List<PickedFile> poll() throws IOException {
        var listed = store.list(options.folder()).stream()
                .filter(file -> isCandidate(file.name()))
                .sorted(Comparator.comparing(StoredFile::modified).thenComparing(StoredFile::name))
                .toList();
        var ready = new ArrayList<StoredFile>();
        var listing = new HashMap<String, StoredFile>();
        for (var file : listed) {
            listing.put(file.name(), file);
            if (options.readLock() == FileReadOptions.ReadLock.NONE || file.equals(previousListing.get(file.name()))) {
                ready.add(file);
            }
        }
        previousListing = listing;
        var picked = new ArrayList<PickedFile>();
        for (var file : ready) {
            if (picked.size() >= options.maxFiles()) {
                break;
            }
            read(file).ifPresent(picked::add);
        }
        return picked;
    }

    /**
     * Finishes a batch once its events are committed: moves the file to the processed folder (or deletes it).
     * A file that is already gone is fine (another node acknowledged it); a file that changed since it was read is
     * left for the next poll, which reads its new content under a new key.
     *
     * @throws IOException when the file could not be moved; it stays, and the next poll returns it again
     */
    public synchronized void acknowledge(FileBatch batch) throws IOException {
        requireNonNull(batch, "batch");
        var now = store.stat(batch.file().path());
        if (now.isEmpty() || !now.get().equals(batch.file())) {
            return;
        }
        if (options.afterRead() == FileReadOptions.AfterRead.DELETE) {
            store.delete(batch.file().path());
        } else {
            moveAway(batch.file(), options.processedFolder());
        }
        previousListing.remove(batch.file().name());
    }

    private boolean isCandidate(String name) {
        return !name.startsWith(".") && !name.endsWith(".tmp") && matcher.matches(Path.of(name));
    }

    private Optional<PickedFile> read(StoredFile file) throws IOException {
        if (file.size() > options.maxFileSize()) {
            return Optional.of(refuse(file, List.of("line 1: the file has " + file.size() + " bytes, more than maxFileSize ("
                    + options.maxFileSize() + ")")));
        }
        byte[] bytes;
        try {
            bytes = store.read(file.path(), options.maxFileSize());
        } catch (NoSuchFileException gone) {
            return Optional.empty(); // taken by someone else since the listing
        } catch (FileStore.FileTooLarge grown) {
            return Optional.of(refuse(file, List.of("line 1: the file is larger than maxFileSize (" + options.maxFileSize() + ")")));
        }
        try {
            var table = TableFiles.read(bytes, options);
            var records = new ArrayList<FileRecord>(table.rows().size());
            for (int r = 0; r < table.rows().size(); r++) {
                var values = new LinkedHashMap<String, Object>();
                var row = table.rows().get(r);
                for (int c = 0; c < table.columns().size(); c++) {
                    values.put(table.columns().get(c), row.get(c));
                }
                records.add(new FileRecord(table.lines().get(r), values));
            }
            return Optional.of(new FileBatch(system, event, fileKey(file.name(), bytes), file, records, options.emit()));
        } catch (MalformedFile malformed) {
            return Optional.of(refuse(file, malformed.problems()));
        }
    }

    private RefusedFile refuse(StoredFile file, List<String> problems) {
        String movedTo = null;
        try {
            store.createFolders(options.errorFolder());
            var target = freeName(options.errorFolder(), file.name());
            var reasons = "file " + file.path() + " (" + file.size() + " bytes, modified " + file.modified()
                    + ") was refused:\n" + String.join("\n", problems) + "\n";
            store.write(target + ".err", reasons.getBytes(StandardCharsets.UTF_8));
            store.rename(file.path(), target, false);
            movedTo = target;
            previousListing.remove(file.name());
        } catch (IOException | RuntimeException e) {
            // it stays where it is; the next poll refuses it again
        }
        return new RefusedFile(file, problems, movedTo);
    }

    private void moveAway(StoredFile file, String folder) throws IOException {
        store.createFolders(folder);
        for (int attempt = 0; ; attempt++) {
            var target = freeName(folder, file.name());
            try {
                store.rename(file.path(), target, false);
                return;
            } catch (FileAlreadyExistsException raced) {
                if (attempt >= 3) {
                    throw raced;
                }
            }
        }
    }

    /** {@code folder/name}, or with {@code -1}, {@code -2}… before the extension when taken. */
    private String freeName(String folder, String name) throws IOException {
        var dot = name.lastIndexOf('.');
        var stem = dot > 0 ? name.substring(0, dot) : name;
        var extension = dot > 0 ? name.substring(dot) : "";
        var candidate = FileStore.join(folder, name);
        for (int i = 1; store.stat(candidate).isPresent() || store.stat(candidate + ".err").isPresent(); i++) {
            candidate = FileStore.join(folder, stem + "-" + i + extension);
        }
        return candidate;
    }

    static String fileKey(String name, byte[] content) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(content);
            return name + "@" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "FileSource[" + system + "." + event + " " + store.describe() + "/" + options.folder() + "/" + options.pattern() + "]";
    }
}
