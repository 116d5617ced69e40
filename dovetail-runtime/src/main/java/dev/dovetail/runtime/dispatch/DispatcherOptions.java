package dev.dovetail.runtime.dispatch;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * How a dispatcher runs.
 *
 * @param nodeName        this node's name, unique in a cluster; claims are made as
 *                        {@code <nodeName>/<run id>}, and on start claims left by earlier runs of the
 *                        same node name are released at once instead of waiting for their leases
 * @param maxConcurrency  entries processed at once on this node, over all groups
 * @param claimBatch      most entries claimed in one query
 * @param lease           how long a claim holds without renewal; renewed every third of it while the
 *                        handler runs. A crashed node's work is taken over after this.
 * @param pollInterval    longest sleep between claims when nothing signals new work (other nodes'
 *                        appends, a safety net for missed signals)
 * @param maxAttempts     attempts after which an entry whose handler keeps throwing (or keeps
 *                        crashing the node) is parked as dead
 * @param errorBackoff    wait between attempts when the handler throws
 * @param shutdownTimeout how long {@link Dispatcher#close()} waits for running entries before
 *                        interrupting them and releasing their claims
 */
public record DispatcherOptions(String nodeName, int maxConcurrency, int claimBatch, Duration lease,
                                Duration pollInterval, int maxAttempts, Backoff errorBackoff,
                                Duration shutdownTimeout) {

    public DispatcherOptions {
        requireNonNull(nodeName, "nodeName");
        requireNonNull(lease, "lease");
        requireNonNull(pollInterval, "pollInterval");
        requireNonNull(errorBackoff, "errorBackoff");
        requireNonNull(shutdownTimeout, "shutdownTimeout");
        if (nodeName.isBlank() || nodeName.contains("/")) {
            throw new IllegalArgumentException("nodeName must be non-blank and without '/'");
        }
        if (maxConcurrency < 1 || claimBatch < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("maxConcurrency, claimBatch and maxAttempts must be positive");
        }
        if (lease.toMillis() < 3 || pollInterval.toMillis() < 1) {
            throw new IllegalArgumentException("lease and pollInterval are too short");
        }
    }

    public static DispatcherOptions defaults() {
        return new DispatcherOptions(hostName(), 64, 64, Duration.ofSeconds(60), Duration.ofSeconds(1), 25,
                Backoff.exponential(Duration.ofSeconds(1), Duration.ofMinutes(5)), Duration.ofSeconds(30));
    }

    public DispatcherOptions withNodeName(String value) {
        return new DispatcherOptions(value, maxConcurrency, claimBatch, lease, pollInterval, maxAttempts, errorBackoff, shutdownTimeout);
    }

    public DispatcherOptions withMaxConcurrency(int value) {
        return new DispatcherOptions(nodeName, value, claimBatch, lease, pollInterval, maxAttempts, errorBackoff, shutdownTimeout);
    }

    public DispatcherOptions withClaimBatch(int value) {
        return new DispatcherOptions(nodeName, maxConcurrency, value, lease, pollInterval, maxAttempts, errorBackoff, shutdownTimeout);
    }

    public DispatcherOptions withLease(Duration value) {
        return new DispatcherOptions(nodeName, maxConcurrency, claimBatch, value, pollInterval, maxAttempts, errorBackoff, shutdownTimeout);
    }

    public DispatcherOptions withPollInterval(Duration value) {
        return new DispatcherOptions(nodeName, maxConcurrency, claimBatch, lease, value, maxAttempts, errorBackoff, shutdownTimeout);
    }

    public DispatcherOptions withMaxAttempts(int value) {
        return new DispatcherOptions(nodeName, maxConcurrency, claimBatch, lease, pollInterval, value, errorBackoff, shutdownTimeout);
    }

    public DispatcherOptions withErrorBackoff(Backoff value) {
        return new DispatcherOptions(nodeName, maxConcurrency, claimBatch, lease, pollInterval, maxAttempts, value, shutdownTimeout);
    }

    public DispatcherOptions withShutdownTimeout(Duration value) {
        return new DispatcherOptions(nodeName, maxConcurrency, claimBatch, lease, pollInterval, maxAttempts, errorBackoff, value);
    }

    private static String hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName().replace('/', '-');
            return name.isBlank() ? "node" : name;
        } catch (UnknownHostException e) {
            return "node";
        }
    }
}
