package dev.dovetail.connectors.file;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A folder on this machine (or a mounted share). Writes are flushed to disk before they count; a rename is
 * an atomic {@code rename(2)} within the folder tree. Symbolic links are ignored when listing, so a link
 * placed in a watched folder cannot make Dovetail read or move a file outside the tree.
 */
public final class LocalFileStore implements FileStore {

    private final Path root;

    /** A store rooted at {@code root}; the folder is created when missing on the first write. */
    public LocalFileStore(Path root) {
        this.root = requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public List<StoredFile> list(String folder) throws IOException {
        var checked = FileStore.checkedPath(folder);
        var dir = resolve(checked);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        var files = new ArrayList<StoredFile>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (var entry : entries) {
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException gone) {
                    continue; // moved away while listing
                }
                if (attributes.isRegularFile()) {
                    files.add(new StoredFile(checked, entry.getFileName().toString(), attributes.size(),
                            attributes.lastModifiedTime().toInstant()));
                }
            }
        }
        return files;
    }

    @Override
    public Optional<StoredFile> stat(String path) throws IOException {
        var checked = FileStore.checkedPath(path);
        try {
            var attributes = Files.readAttributes(resolve(checked), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile()) {
                return Optional.empty();
            }
            var slash = checked.lastIndexOf('/');
            return Optional.of(new StoredFile(slash < 0 ? "" : checked.substring(0, slash), checked.substring(slash + 1),
                    attributes.size(), attributes.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public byte[] read(String path, long maxBytes) throws IOException {
        var file = resolve(FileStore.checkedPath(path));
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            var bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new FileTooLarge(path, maxBytes);
            }
            return bytes;
        }
    }

    @Override
    public void write(String path, byte[] content) throws IOException {
        var file = resolve(FileStore.checkedPath(path));
        Files.createDirectories(file.getParent());
        try (var channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS)) {
            var buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true); // on disk before it is renamed into view
        }
    }

    @Override
    public void rename(String from, String to, boolean replace) throws IOException {
        var source = resolve(FileStore.checkedPath(from));
        var target = resolve(FileStore.checkedPath(to));
        Files.createDirectories(target.getParent());
        if (replace) {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } else {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(to);
            }
            Files.move(source, target);
        }
        syncFolder(target.getParent());
    }

    @Override
    public void delete(String path) throws IOException {
        Files.deleteIfExists(resolve(FileStore.checkedPath(path)));
    }

    @Override
    public void createFolders(String folder) throws IOException {
        Files.createDirectories(resolve(FileStore.checkedPath(folder)));
    }

    @Override
    public String describe() {
        return root.toString();
    }

    @Override
    public void close() {
        // nothing held open
    }

    private Path resolve(String checked) {
        var path = checked.isEmpty() ? root : root.resolve(checked).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("path '" + checked + "' leaves " + root);
        }
        return path;
    }

    /** Makes a rename durable: on Linux a folder's entries reach the disk when the folder is synced. */
    private static void syncFolder(Path folder) {
        try (var channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform can open a folder (Windows); the rename itself has happened
        }
    }

    @Override
    public String toString() {
        return "LocalFileStore[" + root + "]";
    }
}
