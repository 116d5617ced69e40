package dev.dovetail.spi;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host name into the addresses a connection would use. The system resolver in production;
 * tests substitute a stub to check names that resolve to internal addresses without sending packets.
 */
@FunctionalInterface
public interface HostResolver {

    /**
     * @param host a host name or an IP literal (IPv6 literals with or without brackets)
     * @return every address of the host, never empty
     * @throws UnknownHostException when the host has no address
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The JVM's resolver ({@link InetAddress#getAllByName}), which is also what the connectors connect with. */
    static HostResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
