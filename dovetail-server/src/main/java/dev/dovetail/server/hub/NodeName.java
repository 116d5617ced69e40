package dev.dovetail.server.hub;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's name in the journal's claims: {@code <host>-<id>}. The id is kept in {@code <data-dir>/node-id},
 * so a restarted node has its old name and takes its unfinished claims back at once (instead of waiting for
 * their leases). The file is locked while the node runs: a second process on the same data folder (possible
 * with PostgreSQL) gets a fresh random id instead, so two live nodes never share a name.
 */
final class NodeName implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeName.class);

    private final String name;
    private final FileChannel channel;
    private final FileLock lock;

    private NodeName(String name, FileChannel channel, FileLock lock) {
        this.name = name;
        this.channel = channel;
        this.lock = lock;
    }

    static NodeName configured(String name) {
        return new NodeName(clean(name), null, null);
    }

    static NodeName forDataFolder(Path dataFolder) {
        String host = clean(hostName());
        Path file = dataFolder.resolve("node-id");
        FileChannel channel = null;
        try {
            Files.createDirectories(dataFolder);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                String fresh = host + "-" + randomId();
                log.warn("Another process uses the node id in {}; this node runs as {}", file, fresh);
                return new NodeName(fresh, null, null);
            }
            var buffer = java.nio.ByteBuffer.allocate(64);
            channel.read(buffer, 0);
            String id = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
            if (!id.matches("[0-9a-f]{8,32}")) {
                id = randomId();
                channel.truncate(0);
                channel.write(java.nio.ByteBuffer.wrap((id + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
                channel.force(true);
            }
            return new NodeName(host + "-" + id, channel, lock);
        } catch (IOException | OverlappingFileLockException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // nothing more to do
                }
            }
            String fresh = host + "-" + randomId();
            log.warn("Cannot keep a node id in {} ({}); this node runs as {}", file, e.toString(), fresh);
            return new NodeName(fresh, null, null);
        }
    }

    String name() {
        return name;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "node";
        }
    }

    /** Letters, digits, dots and dashes; never a '/', which separates the node from the run in a claim. */
    static String clean(String raw) {
        String cleaned = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]+", "-");
        cleaned = cleaned.length() > 60 ? cleaned.substring(0, 60) : cleaned;
        return cleaned.isBlank() || cleaned.equals("-") ? "node" : cleaned;
    }

    private static String randomId() {
        byte[] bytes = new byte[4];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() {
        try {
            if (lock != null) lock.release();
            if (channel != null) channel.close();
        } catch (IOException e) {
            log.debug("Could not release the node id file", e);
        }
    }
}
