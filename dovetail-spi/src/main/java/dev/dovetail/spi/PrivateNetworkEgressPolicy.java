package dev.dovetail.spi;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Denies targets in loopback, link-local, private, shared (carrier-grade NAT), multicast and other
 * special-purpose address ranges, and URLs with a scheme other than the allowed ones, unless the
 * target is explicitly allow-listed.
 *
 * <p>Allow-list entries are host names (matched exactly, ignoring case, against the URL's host), IP
 * addresses or CIDR blocks ({@code 10.20.0.0/16}, {@code 127.0.0.1}). An IPv6 address that embeds an
 * IPv4 address (IPv4-mapped, IPv4-compatible, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) is
 * judged by the embedded address. Every address a host resolves to must pass.
 */
public final class PrivateNetworkEgressPolicy implements EgressPolicy {

    private static final List<Blocked> BLOCKED = List.of(
            new Blocked("0.0.0.0/8", "the 'this network' range"),
            new Blocked("10.0.0.0/8", "a private (RFC 1918) address"),
            new Blocked("100.64.0.0/10", "a shared carrier-grade NAT address"),
            new Blocked("127.0.0.0/8", "a loopback address"),
            new Blocked("169.254.0.0/16", "a link-local address (cloud metadata lives here)"),
            new Blocked("172.16.0.0/12", "a private (RFC 1918) address"),
            new Blocked("192.0.0.0/24", "an IETF protocol assignment"),
            new Blocked("192.0.2.0/24", "a documentation address"),
            new Blocked("192.168.0.0/16", "a private (RFC 1918) address"),
            new Blocked("198.18.0.0/15", "a benchmarking address"),
            new Blocked("198.51.100.0/24", "a documentation address"),
            new Blocked("203.0.113.0/24", "a documentation address"),
            new Blocked("224.0.0.0/4", "a multicast address"),
            new Blocked("240.0.0.0/4", "a reserved address"),
            new Blocked("::/128", "the unspecified address"),
            new Blocked("::1/128", "a loopback address"),
            new Blocked("100::/64", "a discard-only address"),
            new Blocked("2001:db8::/32", "a documentation address"),
            new Blocked("fc00::/7", "a unique local (private) address"),
            new Blocked("fe80::/10", "a link-local address"),
            new Blocked("fec0::/10", "a site-local address"),
            new Blocked("ff00::/8", "a multicast address"));

    private static final AddressRange IPV4_COMPATIBLE = AddressRange.parse("::/96");
    private static final AddressRange NAT64 = AddressRange.parse("64:ff9b::/96");
    private static final AddressRange SIX_TO_FOUR = AddressRange.parse("2002::/16");

    private final Set<String> allowedHosts;
    private final List<AddressRange> allowedRanges;
    private final Set<String> allowedSchemes;

    private PrivateNetworkEgressPolicy(Collection<String> allowList, Collection<String> schemes) {
        var hosts = new java.util.HashSet<String>();
        var ranges = new ArrayList<AddressRange>();
        for (var entry : allowList) {
            var trimmed = entry.trim();
            var bare = trimmed.startsWith("[") && trimmed.endsWith("]") ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
            var address = bare.contains("/") ? bare.substring(0, bare.indexOf('/')) : bare;
            if (AddressRange.looksLikeIpLiteral(address)) {
                ranges.add(AddressRange.parse(bare));
            } else if (!bare.isEmpty()) {
                hosts.add(bare.toLowerCase(Locale.ROOT));
            }
        }
        this.allowedHosts = Set.copyOf(hosts);
        this.allowedRanges = List.copyOf(ranges);
        this.allowedSchemes = schemes.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** Allows public http and https targets plus the allow-listed hosts and ranges. */
    public static PrivateNetworkEgressPolicy allowing(String... allowList) {
        return new PrivateNetworkEgressPolicy(Arrays.asList(allowList), List.of("http", "https"));
    }

    /** Allows public targets with the given schemes plus the allow-listed hosts and ranges. */
    public static PrivateNetworkEgressPolicy allowing(Collection<String> allowList, Collection<String> schemes) {
        return new PrivateNetworkEgressPolicy(allowList, schemes);
    }

    @Override
    public EgressDecision check(URI target, List<InetAddress> addresses) {
        var scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        if (!allowedSchemes.contains(scheme)) {
            return EgressDecision.deny("scheme '" + scheme + "' is not allowed (allowed: " + allowedSchemes + ")");
        }
        var host = target.getHost();
        if (host == null || host.isEmpty()) {
            return EgressDecision.deny("URL " + target + " has no host");
        }
        var bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (allowedHosts.contains(bareHost.toLowerCase(Locale.ROOT))) {
            return EgressDecision.allow();
        }
        if (addresses.isEmpty()) {
            return EgressDecision.deny("host " + host + " has no address");
        }
        for (var address : addresses) {
            var reason = blockedBecause(address);
            if (reason != null) {
                return EgressDecision.deny("target " + host + " resolves to " + address.getHostAddress() + ", " + reason
                        + "; add it to the egress allow-list if it is meant to be reached");
            }
        }
        return EgressDecision.allow();
    }

    private String blockedBecause(InetAddress address) {
        var bytes = address.getAddress();
        if (allowedRanges.stream().anyMatch(range -> range.contains(bytes))) {
            return null;
        }
        var embedded = embeddedIpv4(address);
        if (embedded != null) {
            if (allowedRanges.stream().anyMatch(range -> range.contains(embedded))) {
                return null;
            }
            var reason = blockedRange(embedded);
            if (reason != null) {
                return reason + " (embedded in an IPv6 address)";
            }
        }
        return blockedRange(bytes);
    }

    private static String blockedRange(byte[] bytes) {
        return BLOCKED.stream().filter(b -> b.range().contains(bytes)).map(Blocked::why).findFirst().orElse(null);
    }

    private static byte[] embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return null;
        }
        var bytes = address.getAddress();
        var mapped = true;
        for (int i = 0; i < 10; i++) {
            mapped &= bytes[i] == 0;
        }
        mapped &= bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF;
        if (mapped || (IPV4_COMPATIBLE.contains(bytes) && !isUnspecifiedOrLoopback(bytes)) || NAT64.contains(bytes)) {
            return Arrays.copyOfRange(bytes, 12, 16);
        }
        if (SIX_TO_FOUR.contains(bytes)) {
            return Arrays.copyOfRange(bytes, 2, 6);
        }
        return null;
    }

    private static boolean isUnspecifiedOrLoopback(byte[] bytes) {
        for (int i = 0; i < 15; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[15] == 0 || bytes[15] == 1;
    }

    private record Blocked(AddressRange range, String why) {
        Blocked(String cidr, String why) {
            this(AddressRange.parse(cidr), why);
        }
    }
}
