package dev.dovetail.connectors.file;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A file that could not be read as configured (bad encoding, not CSV or xlsx, missing columns, bad rows, too
 * large). Nothing of it was handed on; it was moved to the error folder with a {@code .err} file listing the
 * problems.
 *
 * @param file the file as it was listed
 * @param problems every problem found, each starting with {@code line N:}
 * @param movedTo where the file is now, or {@code null} if moving it failed (then the next poll refuses it again)
 */
public record RefusedFile(StoredFile file, List<String> problems, String movedTo) implements PickedFile {
    public RefusedFile {
        requireNonNull(file, "file");
        problems = List.copyOf(problems);
    }
}
