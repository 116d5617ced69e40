package dev.dovetail.sandbox.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A system's own folder ({@code --state DIR}, default {@code data/sandbox/<name>}): everything it
 * must remember across a restart lives here.
 */
public final class StateDir {

    private final Path path;

    private StateDir(Path path) {
        this.path = path.toAbsolutePath().normalize();
    }

    /** Opens (and creates when missing) the folder. */
    public static StateDir at(Path path) {
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create state folder " + path, e);
        }
        return new StateDir(path);
    }

    /** The absolute folder. */
    public Path path() {
        return path;
    }

    /** A file or folder inside. */
    public Path resolve(String name) {
        return path.resolve(name);
    }

    /** A JSON file's content, empty when the file does not exist. */
    public Optional<Object> readJson(String file) {
        Path target = resolve(file);
        if (!Files.exists(target)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(Json.read(Files.readString(target)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + target, e);
        }
    }

    /**
     * Writes a JSON file atomically (temporary file, then rename), so a reader or a restart never
     * sees half of it.
     */
    public void writeJson(String file, Object value) {
        writeAtomically(file, Json.bytes(value));
    }

    /** Writes any bytes atomically (temporary file, then rename). */
    public void writeAtomically(String file, byte[] content) {
        Path target = resolve(file);
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            try {
                Files.write(temp, content);
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /** Deletes a file inside (no error when it does not exist). */
    public void delete(String file) {
        try {
            Files.deleteIfExists(resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes everything inside the folder but keeps the folder. */
    public void clear() {
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(path)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + path, e);
        }
    }

    /**
     * A JDBC URL of an embedded H2 database file in this folder, e.g. {@code h2Url("erp")} gives
     * {@code jdbc:h2:file:<dir>/erp}. Append H2 settings yourself ({@code ;AUTO_SERVER=TRUE}...).
     */
    public String h2Url(String database) {
        return "jdbc:h2:file:" + resolve(database).toString().replace('\\', '/');
    }
}
