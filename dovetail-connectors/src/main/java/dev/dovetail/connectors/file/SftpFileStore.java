package dev.dovetail.connectors.file;

import static java.util.Objects.requireNonNull;

import dev.dovetail.spi.EgressPolicy;
import dev.dovetail.spi.HostResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * A folder on an SFTP server, through Apache MINA SSHD's client. One SSH connection is opened when first
 * needed and reused; when the server drops it (or it stayed idle longer than the timeout) the next operation
 * connects again, and a read that failed on a reused connection is tried once more on a fresh one.
 * Operations are serialised over the one connection.
 *
 * <p>The server's host key is checked against the configured fingerprints or {@code known_hosts} file
 * before the password or key is sent; a mismatch, a refused login and an egress denial fail with
 * {@link AccessRefused}, which the connector treats as permanent.
 */
public final class SftpFileStore implements FileStore {

    private final SftpSettings settings;
    private final EgressPolicy egress;
    private final HostResolver resolver;
    private final String base;
    private final ReentrantLock lock = new ReentrantLock();
    private final SshClient client;
    private volatile String hostKeyProblem;
    private ClientSession session;
    private SftpClient sftp;
    private boolean closed;

    /** A store that may connect anywhere (tests, the CLI). */
    public SftpFileStore(SftpSettings settings) {
        this(settings, EgressPolicy.allowAll(), HostResolver.system());
    }

    /**
     * @param egress checked against the host's addresses before every connection ({@code sftp://host:port})
     * @param resolver resolves the host name
     */
    public SftpFileStore(SftpSettings settings, EgressPolicy egress, HostResolver resolver) {
        this.settings = requireNonNull(settings, "settings");
        this.egress = requireNonNull(egress, "egress");
        this.resolver = requireNonNull(resolver, "resolver");
        var directory = settings.directory().replace('\\', '/');
        while (directory.length() > 1 && directory.endsWith("/")) {
            directory = directory.substring(0, directory.length() - 1);
        }
        this.base = directory;
        this.client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(verifier(settings.hostKeys()));
        CoreModuleProperties.IDLE_TIMEOUT.set(client, settings.timeout());
        CoreModuleProperties.AUTH_TIMEOUT.set(client, settings.connectTimeout());
    }

    @Override
    public List<StoredFile> list(String folder) throws IOException {
        var checked = FileStore.checkedPath(folder);
        return run(true, sftp -> {
            var files = new ArrayList<StoredFile>();
            try {
                for (var entry : sftp.readDir(remote(checked))) {
                    var attributes = entry.getAttributes();
                    if (attributes.isRegularFile() && !entry.getFilename().equals(".") && !entry.getFilename().equals("..")) {
                        files.add(new StoredFile(checked, entry.getFilename(), attributes.getSize(),
                                attributes.getModifyTime().toInstant()));
                    }
                }
            } catch (java.io.UncheckedIOException wrapped) {
                // MINA's directory iterable wraps the server's answer
                if (wrapped.getCause() instanceof SftpException e && e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
                    return List.<StoredFile>of();
                }
                throw wrapped.getCause();
            } catch (SftpException e) {
                if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
                    return List.<StoredFile>of();
                }
                throw e;
            }
            return files;
        });
    }

    @Override
    public Optional<StoredFile> stat(String path) throws IOException {
        var checked = FileStore.checkedPath(path);
        return run(true, sftp -> {
            try {
                var attributes = sftp.lstat(remote(checked));
                if (!attributes.isRegularFile()) {
                    return Optional.<StoredFile>empty();
                }
                var slash = checked.lastIndexOf('/');
                return Optional.of(new StoredFile(slash < 0 ? "" : checked.substring(0, slash), checked.substring(slash + 1),
                        attributes.getSize(), attributes.getModifyTime().toInstant()));
            } catch (SftpException e) {
                if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
                    return Optional.<StoredFile>empty();
                }
                throw e;
            }
        });
    }

    @Override
    public byte[] read(String path, long maxBytes) throws IOException {
        var checked = FileStore.checkedPath(path);
        return run(true, sftp -> {
            try (InputStream in = sftp.read(remote(checked))) {
                var bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (bytes.length > maxBytes) {
                    throw new FileTooLarge(path, maxBytes);
                }
                return bytes;
            } catch (SftpException e) {
                throw translated(e, checked);
            }
        });
    }

    @Override
    public void write(String path, byte[] content) throws IOException {
        var checked = FileStore.checkedPath(path);
        run(false, sftp -> {
            try {
                put(sftp, checked, content);
            } catch (SftpException e) {
                if (e.getStatus() != SftpConstants.SSH_FX_NO_SUCH_FILE || !checked.contains("/")) {
                    throw e;
                }
                mkdirs(sftp, checked.substring(0, checked.lastIndexOf('/')));
                put(sftp, checked, content);
            }
            return null;
        });
    }

    private void put(SftpClient sftp, String checked, byte[] content) throws IOException {
        try (OutputStream out = sftp.write(remote(checked))) {
            out.write(content);
        }
    }

    @Override
    public void rename(String from, String to, boolean replace) throws IOException {
        var source = FileStore.checkedPath(from);
        var target = FileStore.checkedPath(to);
        run(false, sftp -> {
            if (!replace) {
                if (exists(sftp, target)) {
                    throw new FileAlreadyExistsException(to);
                }
                sftp.rename(remote(source), remote(target));
            } else if (sftp.getVersion() >= SftpConstants.SFTP_V5) {
                sftp.rename(remote(source), remote(target), SftpClient.CopyMode.Overwrite);
            } else if (sftp.getServerExtensions().containsKey("posix-rename@openssh.com")) {
                // OpenSSH's rename(2): replaces the target in one step
                sftp.getExtension(OpenSSHPosixRenameExtension.class).posixRename(remote(source), remote(target));
            } else {
                // SFTP v3 without extensions cannot replace: for a moment there is no file under the name
                remove(sftp, target);
                sftp.rename(remote(source), remote(target));
            }
            return null;
        });
    }

    @Override
    public void delete(String path) throws IOException {
        var checked = FileStore.checkedPath(path);
        run(false, sftp -> {
            remove(sftp, checked);
            return null;
        });
    }

    @Override
    public void createFolders(String folder) throws IOException {
        var checked = FileStore.checkedPath(folder);
        run(true, sftp -> {
            mkdirs(sftp, checked);
            return null;
        });
    }

    @Override
    public String describe() {
        return "sftp://" + settings.username() + "@" + settings.host() + ":" + settings.port()
                + (base.startsWith("/") ? base : "/" + base);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            disconnect();
            client.stop();
        } finally {
            lock.unlock();
        }
    }

    /** Whether a connection is open now (for tests of reuse and reconnection). */
    boolean connected() {
        lock.lock();
        try {
            return sftp != null && sftp.isOpen() && session.isOpen();
        } finally {
            lock.unlock();
        }
    }

    /** Drops the connection as a server restart would (for tests). */
    void dropConnection() {
        lock.lock();
        try {
            if (session != null) {
                session.close(true);
            }
        } finally {
            lock.unlock();
        }
    }

    private interface Call<T> {
        T apply(SftpClient sftp) throws IOException;
    }

    private <T> T run(boolean repeatable, Call<T> call) throws IOException {
        lock.lock();
        try {
            if (closed) {
                throw new IOException("the SFTP store " + describe() + " is closed");
            }
            var reused = sftp != null && sftp.isOpen() && session.isOpen();
            if (!reused) {
                connect();
            }
            try {
                return call.apply(sftp);
            } catch (SftpException | FileAlreadyExistsException | FileTooLarge | java.nio.file.NoSuchFileException
                     | java.nio.file.AccessDeniedException e) {
                throw e; // the server answered: the connection is fine
            } catch (IOException e) {
                disconnect();
                if (!reused || !repeatable) {
                    throw e;
                }
                connect(); // the server may have dropped an idle connection: once more on a fresh one
                return call.apply(sftp);
            }
        } finally {
            lock.unlock();
        }
    }

    private void connect() throws IOException {
        disconnect();
        if (!client.isStarted()) {
            client.start();
        }
        var address = checkedAddress();
        hostKeyProblem = null;
        ClientSession fresh = null;
        try {
            fresh = client.connect(settings.username(), address).verify(settings.connectTimeout()).getClientSession();
            if (settings.password() != null) {
                fresh.addPasswordIdentity(settings.password());
            }
            if (settings.privateKey() != null) {
                for (var keyPair : keyPairs(fresh)) {
                    fresh.addPublicKeyIdentity(keyPair);
                }
            }
            fresh.auth().verify(settings.connectTimeout());
            var opened = SftpClientFactory.instance().createSftpClient(fresh);
            session = fresh;
            sftp = opened;
        } catch (IOException | RuntimeException e) {
            if (fresh != null) {
                fresh.close(true);
            }
            if (hostKeyProblem != null) {
                throw new AccessRefused(hostKeyProblem, e);
            }
            if (e instanceof AccessRefused refused) {
                throw refused;
            }
            var message = String.valueOf(e.getMessage());
            if (message.contains("No more authentication methods")) {
                throw new AccessRefused("SFTP login as " + settings.username() + " at " + settings.host() + ":"
                        + settings.port() + " was refused: " + message, e);
            }
            throw e instanceof IOException io ? io : new IOException(message, e);
        }
    }

    private InetSocketAddress checkedAddress() throws IOException {
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(settings.host());
        } catch (UnknownHostException e) {
            throw new IOException("SFTP host " + settings.host() + " cannot be resolved", e);
        }
        var target = URI.create("sftp://" + (settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host())
                + ":" + settings.port());
        var decision = egress.check(target, addresses);
        if (!decision.allowed()) {
            throw new AccessRefused("egress to " + target + " denied: " + decision.reason(), null);
        }
        // connect to the address that was checked, keeping the name for known_hosts
        var first = addresses.getFirst();
        return new InetSocketAddress(InetAddress.getByAddress(settings.host(), first.getAddress()), settings.port());
    }

    private Iterable<java.security.KeyPair> keyPairs(ClientSession session) throws IOException {
        try {
            var keys = SecurityUtils.loadKeyPairIdentities(session, NamedResource.ofName("connection.privateKey"),
                    new ByteArrayInputStream(settings.privateKey().getBytes(StandardCharsets.UTF_8)),
                    settings.passphrase() == null ? FilePasswordProvider.EMPTY : FilePasswordProvider.of(settings.passphrase()));
            if (keys == null || !keys.iterator().hasNext()) {
                throw new AccessRefused("connection.privateKey holds no private key (PEM or OpenSSH format expected)", null);
            }
            return keys;
        } catch (GeneralSecurityException | IOException e) {
            if (e instanceof AccessRefused refused) {
                throw refused;
            }
            throw new AccessRefused("connection.privateKey cannot be read (wrong passphrase or format?): " + e.getMessage(), e);
        }
    }

    private ServerKeyVerifier verifier(SftpSettings.HostKeys hostKeys) {
        ServerKeyVerifier check = switch (hostKeys) {
            case SftpSettings.HostKeys.Insecure insecure -> (session, address, key) -> true;
            case SftpSettings.HostKeys.Fingerprints fingerprints -> (session, address, key) ->
                    fingerprints.fingerprints().stream().anyMatch(expected -> matches(expected, key));
            case SftpSettings.HostKeys.KnownHosts knownHosts ->
                    new KnownHostsServerKeyVerifier(RejectAllServerKeyVerifier.INSTANCE, knownHosts.file());
        };
        return (session, address, key) -> {
            var accepted = check.verifyServerKey(session, address, key);
            if (!accepted) {
                hostKeyProblem = "the host key of " + settings.host() + ":" + settings.port() + " ("
                        + KeyUtils.getFingerPrint(key) + ") is not the one configured in "
                        + (hostKeys instanceof SftpSettings.HostKeys.KnownHosts k ? "known hosts file " + k.file().getFileName()
                        : "connection.hostKey") + "; refusing to log in";
            }
            return accepted;
        };
    }

    private static boolean matches(String expected, PublicKey key) {
        try {
            return KeyUtils.checkFingerPrint(expected.strip(), key).getKey();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void disconnect() {
        if (sftp != null) {
            try {
                sftp.close();
            } catch (IOException e) {
                // closing a broken channel
            }
            sftp = null;
        }
        if (session != null) {
            session.close(true);
            session = null;
        }
    }

    private String remote(String checked) {
        if (checked.isEmpty()) {
            return base.isEmpty() ? "." : base;
        }
        if (base.isEmpty()) {
            return checked;
        }
        return base.equals("/") ? "/" + checked : base + "/" + checked;
    }

    private boolean exists(SftpClient sftp, String checked) throws IOException {
        try {
            sftp.lstat(remote(checked));
            return true;
        } catch (SftpException e) {
            if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
                return false;
            }
            throw e;
        }
    }

    private void remove(SftpClient sftp, String checked) throws IOException {
        try {
            sftp.remove(remote(checked));
        } catch (SftpException e) {
            if (e.getStatus() != SftpConstants.SSH_FX_NO_SUCH_FILE) {
                throw e;
            }
        }
    }

    /** Creates {@code checked} and every missing folder above it, the connection's directory included. */
    private void mkdirs(SftpClient sftp, String checked) throws IOException {
        var full = remote(checked);
        var absolute = full.startsWith("/");
        var path = new StringBuilder(absolute ? "/" : "");
        for (var segment : full.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (!path.isEmpty() && path.charAt(path.length() - 1) != '/') {
                path.append('/');
            }
            path.append(segment);
            var folder = path.toString();
            try {
                if (!sftp.stat(folder).isDirectory()) {
                    throw new IOException(folder + " exists and is not a folder");
                }
            } catch (SftpException e) {
                if (e.getStatus() != SftpConstants.SSH_FX_NO_SUCH_FILE) {
                    throw e;
                }
                try {
                    sftp.mkdir(folder);
                } catch (SftpException raced) {
                    if (!isFolder(sftp, folder)) {
                        throw raced; // not merely created by someone else meanwhile
                    }
                }
            }
        }
    }

    private static boolean isFolder(SftpClient sftp, String remotePath) throws IOException {
        try {
            return sftp.stat(remotePath).isDirectory();
        } catch (SftpException e) {
            if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
                return false;
            }
            throw e;
        }
    }

    private static IOException translated(SftpException e, String path) {
        return switch (e.getStatus()) {
            case SftpConstants.SSH_FX_NO_SUCH_FILE -> withCause(new java.nio.file.NoSuchFileException(path), e);
            case SftpConstants.SSH_FX_PERMISSION_DENIED -> withCause(new java.nio.file.AccessDeniedException(path), e);
            default -> e;
        };
    }

    private static IOException withCause(IOException e, Throwable cause) {
        e.initCause(cause);
        return e;
    }

    @Override
    public String toString() {
        return "SftpFileStore[" + describe() + "]";
    }
}
