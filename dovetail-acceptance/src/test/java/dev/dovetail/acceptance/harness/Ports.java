package dev.dovetail.acceptance.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports for processes the harness starts later, on a port fixed in advance (a hub that must come back on
 * the same port after a kill, a webhook target named before the hub starts).
 *
 * <p>A port handed out by the OS ({@code new ServerSocket(0)}) comes from the ephemeral range, where any outgoing
 * connection made meanwhile may take it as its local port; the hub then fails to start with "port already in use".
 * So the harness picks from the range below the ephemeral one, which the OS never hands out on its own, and checks
 * that nothing listens there.
 */
public final class Ports {
    private static final int LOWEST = 20_000;
    private static final int DEFAULT_EPHEMERAL_START = 32_768;

    private Ports() {}

    /** A port below the ephemeral range that nothing listens on right now. */
    public static int free() {
        int ceiling = ephemeralStart();
        if (ceiling - LOWEST < 1_000) return osChoice();
        var random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int candidate = random.nextInt(LOWEST, ceiling);
            if (bindable(candidate)) return candidate;
        }
        return osChoice();
    }

    private static boolean bindable(int port) {
        try (var socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(port)); // the wildcard address, as the hub's Tomcat binds
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static int ephemeralStart() {
        try {
            var range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException unknown) {
            return DEFAULT_EPHEMERAL_START;
        }
    }

    private static int osChoice() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
