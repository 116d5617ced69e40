package dev.dovetail.connectors.file;

import static java.util.Objects.requireNonNull;

import dev.dovetail.spi.EgressPolicy;
import dev.dovetail.spi.HostResolver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The file connector's configuration of one system ({@code connector: file} or {@code connector: sftp}).
 *
 * @param system the system's name
 * @param location where its files are
 * @param operations how each operation writes a file
 * @param events how each event reads files
 * @param markerFolder where the idempotency markers of written files are kept, relative to the store's root
 * @param markerRetention how long a marker is kept, so a delivery retried within that time is not written twice
 */
public record FileSystemConfig(String system, Location location, Map<String, FileWriteOptions> operations,
                               Map<String, FileReadOptions> events, String markerFolder, Duration markerRetention) {

    public static final String DEFAULT_MARKER_FOLDER = ".dovetail/written";
    public static final Duration DEFAULT_MARKER_RETENTION = Duration.ofDays(30);

    public FileSystemConfig {
        requireNonNull(system, "system");
        requireNonNull(location, "location");
        operations = operations == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(operations));
        events = events == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(events));
        markerFolder = FileStore.checkedPath(markerFolder == null ? DEFAULT_MARKER_FOLDER : markerFolder);
        markerRetention = markerRetention == null ? DEFAULT_MARKER_RETENTION : markerRetention;
        if (markerFolder.isEmpty()) {
            throw new IllegalArgumentException("the marker folder cannot be the connection's directory itself");
        }
    }

    /** Where a system's files are. */
    public sealed interface Location {
        /** A folder on this machine. */
        record Local(Path directory) implements Location {
            public Local {
                requireNonNull(directory, "directory");
            }
        }

        /** A folder on an SFTP server. */
        record Sftp(SftpSettings settings) implements Location {
            public Sftp {
                requireNonNull(settings, "settings");
            }
        }
    }

    /** Opens the system's store; for SFTP, {@code egress} is checked before each connection. */
    public FileStore openStore(EgressPolicy egress, HostResolver resolver) {
        return switch (location) {
            case Location.Local local -> new LocalFileStore(local.directory());
            case Location.Sftp sftp -> new SftpFileStore(sftp.settings(), egress, resolver);
        };
    }

    /** Opens the system's store without an egress check (tests, the CLI). */
    public FileStore openStore() {
        return openStore(EgressPolicy.allowAll(), HostResolver.system());
    }
}
