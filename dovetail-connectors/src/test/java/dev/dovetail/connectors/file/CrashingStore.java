package dev.dovetail.connectors.file;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** A real store that stops (as a process that died would) just before renaming a file to a given path. */
final class CrashingStore implements FileStore {

    private final FileStore store;
    private volatile String failRenamesInto;

    CrashingStore(FileStore store) {
        this.store = store;
    }

    void failRenamesInto(String path) {
        failRenamesInto = path;
    }

    @Override
    public List<StoredFile> list(String folder) throws IOException {
        return store.list(folder);
    }

    @Override
    public Optional<StoredFile> stat(String path) throws IOException {
        return store.stat(path);
    }

    @Override
    public byte[] read(String path, long maxBytes) throws IOException {
        return store.read(path, maxBytes);
    }

    @Override
    public void write(String path, byte[] content) throws IOException {
        store.write(path, content);
    }

    @Override
    public void rename(String from, String to, boolean replace) throws IOException {
        if (to.equals(failRenamesInto)) {
            throw new IOException("simulated crash before renaming " + from + " to " + to);
        }
        store.rename(from, to, replace);
    }

    @Override
    public void delete(String path) throws IOException {
        store.delete(path);
    }

    @Override
    public void createFolders(String folder) throws IOException {
        store.createFolders(folder);
    }

    @Override
    public String describe() {
        return store.describe();
    }

    @Override
    public void close() {
        store.close();
    }
}
