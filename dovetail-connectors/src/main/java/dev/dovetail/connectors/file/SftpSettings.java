package dev.dovetail.connectors.file;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to reach a folder on an SFTP server. Secrets are held as values; {@link #toString()} masks them.
 *
 * @param host the server's host name or address
 * @param port its port (22 by default)
 * @param username the login
 * @param password the password, or {@code null} for key authentication only
 * @param privateKey a private key in PEM or OpenSSH format (the text, not a path), or {@code null}
 * @param passphrase the private key's passphrase, or {@code null}
 * @param directory the folder every path is relative to ({@code ""} for the login folder)
 * @param hostKeys how the server's host key is checked
 * @param connectTimeout how long connecting and logging in may take
 * @param timeout how long the connection may stay silent during an operation; an idle connection is also
 *     closed after it and opened again when next needed
 */
public record SftpSettings(String host, int port, String username, String password, String privateKey,
                           String passphrase, String directory, HostKeys hostKeys, Duration connectTimeout,
                           Duration timeout) {

    public static final int DEFAULT_PORT = 22;

    public SftpSettings {
        requireNonNull(host, "host");
        requireNonNull(username, "username");
        requireNonNull(hostKeys, "hostKeys");
        requireNonNull(connectTimeout, "connectTimeout");
        requireNonNull(timeout, "timeout");
        directory = directory == null ? "" : directory;
        if (host.isBlank()) {
            throw new IllegalArgumentException("no SFTP host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("SFTP port " + port + " is not 1..65535");
        }
        if (password == null && privateKey == null) {
            throw new IllegalArgumentException("SFTP needs a password or a private key");
        }
    }

    /** How the server proves it is the expected one. */
    public sealed interface HostKeys {

        /**
         * Accept only keys with one of these fingerprints, as {@code ssh-keygen -lf} prints them:
         * {@code SHA256:<base64>} (or the older {@code MD5:xx:xx:...}).
         */
        record Fingerprints(List<String> fingerprints) implements HostKeys {
            public Fingerprints {
                fingerprints = List.copyOf(fingerprints);
                if (fingerprints.isEmpty()) {
                    throw new IllegalArgumentException("no host key fingerprint");
                }
            }
        }

        /** Accept the key that an OpenSSH {@code known_hosts} file lists for the host and port. */
        record KnownHosts(Path file) implements HostKeys {
            public KnownHosts {
                requireNonNull(file, "file");
            }
        }

        /** Accept any key: anyone between Dovetail and the server can read and change the files. Tests only. */
        record Insecure() implements HostKeys {}
    }

    @Override
    public String toString() {
        return "SftpSettings[" + username + "@" + host + ":" + port + "/" + directory
                + (password != null ? ", password=****" : "") + (privateKey != null ? ", privateKey=****" : "")
                + ", hostKeys=" + hostKeys + "]";
    }
}
