package dev.dovetail.connectors.file;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * How one operation writes a file ({@code operations.<op>.options} of a file or sftp system).
 *
 * @param folder the folder the file is written to, relative to the connection's directory ({@code ""}: the directory itself)
 * @param fileName the file name template: {@code {name}} placeholders are filled from the call's path parameters,
 *     then the body's top-level values, then its first row; {@code {idempotencyKey}} and {@code {timestamp}}
 *     ({@code yyyyMMddHHmmssSSS}, UTC) are built in
 * @param format CSV or xlsx
 * @param columns the columns written, in order; empty: every key of the rows, in first-seen order
 * @param ifExists what happens when a file of that name is already there
 */
public record FileWriteOptions(String folder, String fileName, TableFormat format, List<String> columns, IfExists ifExists) {

    public FileWriteOptions {
        folder = FileStore.checkedPath(folder == null ? "" : folder);
        requireNonNull(fileName, "fileName");
        requireNonNull(format, "format");
        columns = columns == null ? List.of() : List.copyOf(columns);
        ifExists = ifExists == null ? IfExists.OVERWRITE : ifExists;
        if (fileName.isBlank()) {
            throw new IllegalArgumentException("empty fileName");
        }
    }

    /** What to do when the target name is taken by a file Dovetail did not write for this delivery. */
    public enum IfExists {
        /** Replace it (atomically), as most file drops expect. */
        OVERWRITE,
        /** Reject the delivery, so an operator decides. */
        FAIL
    }
}
