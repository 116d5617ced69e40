package dev.dovetail.connectors.file;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * How one event reads files ({@code events.<event>.consume} of a file or sftp system).
 *
 * @param folder the folder watched, relative to the connection's directory
 * @param pattern a glob over file names, e.g. {@code shipment-*.csv} or {@code *.{csv,CSV}}; names starting
 *     with {@code .} or ending in {@code .tmp} are never taken
 * @param format CSV or xlsx
 * @param columns the column names of a CSV file without a header row (else empty)
 * @param required columns that must be in the header row; a file without them is refused
 * @param processedFolder where a file goes once its records are committed ({@link AfterRead#MOVE})
 * @param errorFolder where a file that cannot be read goes, with a {@code <name>.err} file saying why
 * @param afterRead what happens to a file once its records are committed
 * @param readLock when a file is considered complete
 * @param maxFileSize the largest file read, in bytes; a larger one is refused
 * @param maxRows the most rows read from one file; a longer one is refused
 * @param maxFiles the most files one poll returns
 * @param emit whether a file gives one event per row or one event for the whole file
 */
public record FileReadOptions(String folder, String pattern, TableFormat format, List<String> columns, List<String> required,
                              String processedFolder, String errorFolder, AfterRead afterRead, ReadLock readLock,
                              long maxFileSize, int maxRows, int maxFiles, Emit emit) {

    public static final long DEFAULT_MAX_FILE_SIZE = 10L * 1024 * 1024;
    public static final int DEFAULT_MAX_ROWS = 100_000;
    public static final int DEFAULT_MAX_FILES = 100;

    public FileReadOptions {
        folder = FileStore.checkedPath(folder == null ? "" : folder);
        pattern = pattern == null || pattern.isBlank() ? "*" : pattern;
        requireNonNull(format, "format");
        columns = columns == null ? List.of() : List.copyOf(columns);
        required = required == null ? List.of() : List.copyOf(required);
        processedFolder = FileStore.checkedPath(processedFolder == null ? FileStore.join(folder, "processed") : processedFolder);
        errorFolder = FileStore.checkedPath(errorFolder == null ? FileStore.join(folder, "error") : errorFolder);
        afterRead = afterRead == null ? AfterRead.MOVE : afterRead;
        readLock = readLock == null ? ReadLock.CHANGED : readLock;
        emit = emit == null ? Emit.RECORD : emit;
        if (pattern.contains("/") || pattern.contains("\\")) {
            throw new IllegalArgumentException("pattern '" + pattern + "' matches file names; put the folder in 'folder'");
        }
        if (format instanceof TableFormat.Csv csv && !csv.headerRow() && columns.isEmpty()) {
            throw new IllegalArgumentException("a CSV file without a header row needs 'columns'");
        }
        if (processedFolder.equals(folder) || errorFolder.equals(folder)) {
            throw new IllegalArgumentException("the processed and error folders must differ from the watched folder");
        }
        if (maxFileSize < 1 || maxRows < 1 || maxFiles < 1) {
            throw new IllegalArgumentException("maxFileSize, maxRows and maxFiles must be positive");
        }
    }

    /** A read of {@code folder} for {@code pattern} with every other option at its default, in this format. */
    public static FileReadOptions of(String folder, String pattern, TableFormat format) {
        return new FileReadOptions(folder, pattern, format, null, null, null, null, null, null, DEFAULT_MAX_FILE_SIZE,
                DEFAULT_MAX_ROWS, DEFAULT_MAX_FILES, null);
    }

    /** What happens to a file once its records are committed. */
    public enum AfterRead {
        /** Moved to the processed folder (a name already there gets {@code -1}, {@code -2}… before its extension). */
        MOVE,
        /** Deleted. */
        DELETE
    }

    /** When a file is considered completely written. */
    public enum ReadLock {
        /**
         * When its size and modification time are the same as at the previous poll, so a file that a system writes
         * in place under its final name is not read half-way (it is taken one poll later).
         */
        CHANGED,
        /** At once: for writers that upload under a temporary name and rename, as they should. */
        NONE
    }

    /** How a file's rows become events. */
    public enum Emit {
        /** One event per data row; its values keyed by the column names. */
        RECORD,
        /** One event per file: {@code {"file": <name>, "rows": [...]}}. */
        FILE
    }
}
