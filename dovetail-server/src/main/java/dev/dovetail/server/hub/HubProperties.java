package dev.dovetail.server.hub;

import dev.dovetail.runtime.dispatch.Backoff;
import dev.dovetail.runtime.hub.DeliveryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The settings of the running hub: delivery retries, dispatch, the journal, webhooks, traces and egress.
 * docs/operations.md lists every key.
 */
@ConfigurationProperties("dovetail")
public record HubProperties(
        @DefaultValue Delivery delivery,
        @DefaultValue Dispatch dispatch,
        @DefaultValue Journal journal,
        @DefaultValue Webhooks webhooks,
        @DefaultValue Traces traces,
        @DefaultValue Egress egress) {

    /**
     * @param maxAttempts attempts after which a message that still asks to be retried becomes a dead letter
     * @param backoff     the wait between attempts
     */
    public record Delivery(@DefaultValue("12") int maxAttempts, @DefaultValue Backoffs backoff) {
        public DeliveryPolicy policy() {
            return new DeliveryPolicy(maxAttempts, new Backoff(backoff.initial(), backoff.max(), backoff.multiplier(), backoff.jitter()));
        }
    }

    /** Exponential: attempt n waits {@code initial * multiplier^(n-1)}, at most {@code max}, less up to {@code jitter} of it. */
    public record Backoffs(@DefaultValue("1s") Duration initial, @DefaultValue("60s") Duration max,
                           @DefaultValue("2.0") double multiplier, @DefaultValue("0.2") double jitter) {}

    /**
     * @param nodeName        this node's name (unique in a cluster); default: host name and an id kept in the data folder
     * @param maxConcurrency  journal entries processed at once on this node
     * @param claimBatch      most entries claimed at once
     * @param lease           how long a claim holds without renewal; a crashed node's work is taken over after it
     * @param pollInterval    longest pause between looks at the journal when nothing signals new work
     * @param shutdownTimeout how long a stopping node waits for running entries before giving their claims back
     */
    public record Dispatch(String nodeName, @DefaultValue("64") int maxConcurrency, @DefaultValue("64") int claimBatch,
                           @DefaultValue("60s") Duration lease, @DefaultValue("1s") Duration pollInterval,
                           @DefaultValue("15s") Duration shutdownTimeout) {
        public Optional<String> configuredNodeName() {
            return Optional.ofNullable(nodeName).filter(n -> !n.isBlank());
        }
    }

    /**
     * @param maxQueuedEvents appends waiting for the committer beyond which webhooks get 503 (back-pressure)
     * @param maxBatchEvents  most events written in one transaction (group commit)
     * @param syncEachBatch   on H2, force each batch of appends to the disk device (CHECKPOINT SYNC)
     * @param appendTimeout   how long a webhook waits for its event to be durable before answering 503
     * @param keepFinished    how long done and discarded entries stay (dead letters stay until replayed or discarded)
     * @param cleanupInterval how often retention runs
     */
    public record Journal(@DefaultValue("20000") int maxQueuedEvents, @DefaultValue("512") int maxBatchEvents,
                          @DefaultValue("true") boolean syncEachBatch, @DefaultValue("30s") Duration appendTimeout,
                          @DefaultValue("7d") Duration keepFinished, @DefaultValue("10m") Duration cleanupInterval) {}

    /** @param replyTimeout how long a webhook whose flow has a {@code reply} step waits for it before answering 202 */
    public record Webhooks(@DefaultValue("10s") Duration replyTimeout) {}

    /**
     * @param enabled  whether runs' traces are stored
     * @param capacity traces waiting to be written beyond which new ones are dropped (and counted)
     */
    public record Traces(@DefaultValue("true") boolean enabled, @DefaultValue("10000") int capacity) {}

    /**
     * @param denyPrivateNetworks refuse connections to loopback, private, link-local and other internal
     *                            addresses (SSRF guard), except those in {@code allow}
     * @param allow               host names, addresses or CIDR blocks allowed although internal
     */
    public record Egress(@DefaultValue("false") boolean denyPrivateNetworks, @DefaultValue List<String> allow) {}
}
