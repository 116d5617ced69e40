package dev.dovetail.connectors.file;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A tree of folders and files that Dovetail reads and writes: a local folder ({@link LocalFileStore}) or a
 * folder on an SFTP server ({@link SftpFileStore}). Paths are relative to the store's root, with {@code /}
 * separators, and may not leave it ({@code ..} segments and absolute paths are refused).
 *
 * <p>Failures are {@link IOException}s; {@link FileFailures} turns them into outcomes. Implementations are
 * thread-safe.
 */
public interface FileStore extends AutoCloseable {

    /**
     * The regular files directly in a folder (no folders, no links to folders), in no particular order.
     *
     * @return an empty list when the folder does not exist
     */
    List<StoredFile> list(String folder) throws IOException;

    /** The regular file at {@code path}, if there is one. */
    Optional<StoredFile> stat(String path) throws IOException;

    /**
     * Reads a whole file.
     *
     * @param maxBytes the most bytes read; a longer file fails with {@link FileTooLarge}
     * @throws java.nio.file.NoSuchFileException when the file does not exist
     */
    byte[] read(String path, long maxBytes) throws IOException;

    /**
     * Creates or replaces a file with exactly these bytes. Not atomic: a reader may see it half written, so
     * callers write under a temporary name and {@link #rename} it.
     */
    void write(String path, byte[] content) throws IOException;

    /**
     * Renames a file within the store in one step: a reader sees the old name or the new one, never a
     * partial file.
     *
     * @param replace whether an existing file at {@code to} is replaced; when {@code false} and one exists, it
     *     fails with {@link java.nio.file.FileAlreadyExistsException}
     */
    void rename(String from, String to, boolean replace) throws IOException;

    /** Deletes a file; a missing file is not an error. */
    void delete(String path) throws IOException;

    /** Creates a folder and its missing parents; an existing folder is not an error. */
    void createFolders(String folder) throws IOException;

    /** Where the store is, for messages: a local path or {@code sftp://user@host:port/dir}. Never holds a secret. */
    String describe();

    /** Releases connections; the store may not be used afterwards. */
    @Override
    void close();

    /** Joins a folder and a name (or a relative path) with {@code /}. */
    static String join(String folder, String name) {
        if (folder == null || folder.isEmpty()) {
            return name;
        }
        return folder.endsWith("/") ? folder + name : folder + "/" + name;
    }

    /**
     * A path as a store accepts it: {@code /} separators, no empty, {@code .} or {@code ..} segments, not absolute.
     *
     * @return the path without leading or trailing {@code /}; {@code ""} for the root
     * @throws IllegalArgumentException when the path would leave the store
     */
    static String checkedPath(String path) {
        if (path == null) {
            throw new IllegalArgumentException("no path");
        }
        var trimmed = path.replace('\\', '/');
        while (trimmed.startsWith("./")) {
            trimmed = trimmed.substring(2);
        }
        if (trimmed.startsWith("/")) {
            throw new IllegalArgumentException("path '" + path + "' is absolute; paths are relative to the connection's directory");
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (trimmed.isEmpty() || trimmed.equals(".")) {
            return "";
        }
        for (var segment : trimmed.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("path '" + path + "' has an empty, '.' or '..' segment");
            }
            for (int i = 0; i < segment.length(); i++) {
                if (Character.isISOControl(segment.charAt(i))) {
                    throw new IllegalArgumentException("path '" + path + "' has a control character");
                }
            }
        }
        return trimmed;
    }

    /** A file longer than a read allows. */
    final class FileTooLarge extends IOException {
        public FileTooLarge(String path, long maxBytes) {
            super(path + " is larger than " + maxBytes + " bytes");
        }
    }
}
