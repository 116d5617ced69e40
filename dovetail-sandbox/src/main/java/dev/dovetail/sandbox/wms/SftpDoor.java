package dev.dovetail.sandbox.wms;

import dev.dovetail.sandbox.common.Faults;
import dev.dovetail.sandbox.common.Stats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.RejectAllPublickeyAuthenticator;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * The WMS's SFTP server (Apache MINA SSHD) on loopback: one user, password authentication only,
 * SFTP only (no shell, no commands), jailed in the folder tree. The host key is generated on the
 * first start and kept in the state folder, so clients that pin it keep trusting it.
 *
 * <p>Injected faults apply per connection: a connection that hits {@code failNext} or arrives
 * while the system is down is closed right after it is accepted; latency delays the handshake.
 */
final class SftpDoor implements AutoCloseable {

    static final String USER = "wms";

    private final SshServer server;

    private SftpDoor(SshServer server) {
        this.server = server;
    }

    static SftpDoor open(int port, String password, Path hostKey, Path root, Faults faults, Stats stats) {
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(port);
        var keys = new SimpleGeneratorHostKeyProvider(hostKey);
        keys.setAlgorithm("EC");
        keys.setKeySize(256);
        sshd.setKeyPairProvider(keys);
        byte[] expected = password.getBytes(StandardCharsets.UTF_8);
        sshd.setPasswordAuthenticator((user, given, session) -> {
            boolean ok = USER.equals(user)
                    && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8));
            stats.increment(ok ? "wms.sftp.logins" : "wms.sftp.loginsRefused");
            return ok;
        });
        sshd.setPublickeyAuthenticator(RejectAllPublickeyAuthenticator.INSTANCE);
        sshd.setKeyboardInteractiveAuthenticator(null);
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory.Builder().build()));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(root.toAbsolutePath()));
        sshd.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                stats.increment("wms.sftp.connections");
                if (faults.apply().isPresent()) {
                    session.close(true);
                }
            }
        });
        try {
            sshd.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the WMS SFTP server on port " + port + ": " + e.getMessage(), e);
        }
        return new SftpDoor(sshd);
    }

    int port() {
        for (SocketAddress address : server.getBoundAddresses()) {
            if (address instanceof InetSocketAddress inet) {
                return inet.getPort();
            }
        }
        return server.getPort();
    }

    @Override
    public void close() {
        try {
            server.stop(true);
        } catch (IOException e) {
            // stopping anyway
        }
    }
}
