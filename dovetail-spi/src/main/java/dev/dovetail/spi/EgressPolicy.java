package dev.dovetail.spi;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Decides which network targets a connector may reach. Targets are configured by users, so a
 * server exposed to them must not become a way to reach its own internal network (SSRF): the
 * server installs a {@link PrivateNetworkEgressPolicy}; tests and the CLI use {@link #allowAll()}.
 *
 * <p>Connectors check the policy before every connection, against the addresses the host resolves
 * to at that moment, so a name that is re-pointed to an internal address later is still caught.
 * The policy is also meant for checking a target when a configuration is saved.
 */
public interface EgressPolicy {

    /**
     * Checks a target.
     *
     * @param target the URL about to be requested (scheme, host and port matter)
     * @param addresses what the target's host resolves to now; never empty
     * @return whether the connection may be made
     */
    EgressDecision check(URI target, List<InetAddress> addresses);

    /** Resolves the target's host with {@code resolver}, then {@link #check(URI, List) checks} it. */
    default EgressDecision check(URI target, HostResolver resolver) {
        var host = target.getHost();
        if (host == null || host.isEmpty()) {
            return EgressDecision.deny("URL " + target + " has no host");
        }
        if (this == allowAll()) {
            return EgressDecision.allow();
        }
        try {
            return check(target, resolver.resolve(host));
        } catch (UnknownHostException e) {
            return EgressDecision.deny("host " + host + " cannot be resolved");
        }
    }

    /** Allows every target. The default for tests and local tools; not for a server open to users. */
    static EgressPolicy allowAll() {
        return AllowAll.INSTANCE;
    }

    /** The policy behind {@link EgressPolicy#allowAll()}. */
    enum AllowAll implements EgressPolicy {
        INSTANCE;

        @Override
        public EgressDecision check(URI target, List<InetAddress> addresses) {
            return EgressDecision.allow();
        }
    }
}
