package dev.dovetail.sandbox.wms;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

/** A real SFTP client (MINA SSHD's) logged in to the WMS, as an integration would use it. */
final class SftpSession implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final SshClient client;
    private final ClientSession session;
    private final SftpClient sftp;
    private final PublicKey hostKey;

    private SftpSession(SshClient client, ClientSession session, SftpClient sftp, PublicKey hostKey) {
        this.client = client;
        this.session = session;
        this.sftp = sftp;
        this.hostKey = hostKey;
    }

    static SftpSession open(int port, String password) throws IOException {
        SshClient client = SshClient.setUpDefaultClient();
        List<PublicKey> seen = new ArrayList<>();
        client.setServerKeyVerifier((clientSession, address, key) -> seen.add(key));
        client.start();
        try {
            ClientSession session = client.connect("wms", "127.0.0.1", port).verify(TIMEOUT).getSession();
            session.addPasswordIdentity(password);
            session.auth().verify(TIMEOUT);
            SftpClient sftp = SftpClientFactory.instance().createSftpClient(session);
            return new SftpSession(client, session, sftp, seen.getFirst());
        } catch (IOException | RuntimeException e) {
            client.stop();
            throw e;
        }
    }

    /** Uploads under a temporary name and renames it to its final name, as a careful writer does. */
    void upload(String dir, String name, byte[] content) throws IOException {
        String temp = dir + "/." + name + ".tmp";
        put(temp, content);
        sftp.rename(temp, dir + "/" + name);
    }

    /** Writes a file under exactly this path. */
    void put(String path, byte[] content) throws IOException {
        try (OutputStream out = sftp.write(path)) {
            out.write(content);
        }
    }

    byte[] get(String path) throws IOException {
        try (InputStream in = sftp.read(path)) {
            return in.readAllBytes();
        }
    }

    /** File names (not folders, not . and ..) in a folder, sorted. */
    List<String> list(String dir) throws IOException {
        List<String> names = new ArrayList<>();
        for (SftpClient.DirEntry entry : sftp.readDir(dir)) {
            if (entry.getAttributes().isRegularFile()) {
                names.add(entry.getFilename());
            }
        }
        names.sort(null);
        return names;
    }

    PublicKey hostKey() {
        return hostKey;
    }

    @Override
    public void close() throws IOException {
        try {
            sftp.close();
            session.close();
        } finally {
            client.stop();
        }
    }
}
