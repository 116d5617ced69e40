package dev.dovetail.spi;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** A CIDR block such as {@code 10.0.0.0/8} or {@code fc00::/7}. */
record AddressRange(byte[] network, int prefixLength, String text) {

    static AddressRange parse(String cidr) {
        var slash = cidr.indexOf('/');
        var address = slash < 0 ? cidr : cidr.substring(0, slash);
        if (!looksLikeIpLiteral(address)) {
            throw new IllegalArgumentException("not an IP address or CIDR block: " + cidr);
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress(); // a literal: no lookup happens
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address or CIDR block: " + cidr, e);
        }
        var prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new IllegalArgumentException("prefix length out of range in " + cidr);
        }
        return new AddressRange(bytes, prefix, cidr);
    }

    static boolean looksLikeIpLiteral(String text) {
        return text.contains(":") || text.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        var fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        var restBits = prefixLength % 8;
        if (restBits == 0) {
            return true;
        }
        var mask = (byte) (0xFF << (8 - restBits));
        return (address[fullBytes] & mask) == (network[fullBytes] & mask);
    }
}
