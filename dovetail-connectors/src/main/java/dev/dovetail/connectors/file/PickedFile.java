package dev.dovetail.connectors.file;

/** A file that a {@link FileSource#poll()} took: read in full ({@link FileBatch}) or refused ({@link RefusedFile}). */
public sealed interface PickedFile permits FileBatch, RefusedFile {

    /** The file as it was listed. */
    StoredFile file();
}
