package dev.dovetail.connectors.file;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A regular file in a {@link FileStore} folder.
 *
 * @param folder the folder, relative to the store's root ({@code ""} for the root itself), with {@code /} separators
 * @param name the file name
 * @param size its size in bytes
 * @param modified its last modification time (SFTP servers report whole seconds)
 */
public record StoredFile(String folder, String name, long size, Instant modified) {

    public StoredFile {
        requireNonNull(folder, "folder");
        requireNonNull(name, "name");
        requireNonNull(modified, "modified");
    }

    /** {@code folder/name}, or the name for a file at the root. */
    public String path() {
        return FileStore.join(folder, name);
    }
}
