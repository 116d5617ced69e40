package dev.dovetail.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrivateNetworkEgressPolicyTest {

    private final EgressPolicy policy = PrivateNetworkEgressPolicy.allowing();

    /** Resolves IP literals only; names resolve through the stubs below. Never touches the network. */
    private static final HostResolver LITERALS_ONLY = host -> {
        var bare = host.replace("[", "").replace("]", "");
        if (bare.matches("\\d{1,3}(\\.\\d{1,3}){3}") || bare.contains(":")
                || (bare.matches("\\d{1,10}") && Long.parseLong(bare) <= 0xFFFFFFFFL)) {
            return List.of(InetAddress.getByName(bare)); // a literal: no lookup happens
        }
        if (host.equals("localhost") || host.equals("internal.example")) {
            return List.of(InetAddress.getByName(host.equals("localhost") ? "127.0.0.1" : "10.1.2.3"));
        }
        if (host.equals("public.example")) {
            return List.of(InetAddress.getByName("93.184.215.14"));
        }
        if (host.equals("mixed.example")) {
            return List.of(InetAddress.getByName("93.184.215.14"), InetAddress.getByName("192.168.1.10"));
        }
        throw new UnknownHostException(host);
    };

    private EgressDecision check(String url) {
        return policy.check(URI.create(url), LITERALS_ONLY);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://127.0.0.1/", "http://127.1.2.3:8080/x", "http://localhost/", "http://[::1]/", "http://0.0.0.0/",
        "http://[::]/", "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://10.255.255.255/",
        "http://172.16.0.1/", "http://172.31.255.254/", "http://192.168.0.1/", "http://100.64.0.1/",
        "http://100.127.255.254/", "http://[fc00::1]/", "http://[fd12:3456::1]/", "http://[fe80::1]/",
        "http://[::ffff:127.0.0.1]/", "http://[::ffff:10.0.0.1]/", "http://[::ffff:169.254.169.254]/",
        "http://[64:ff9b::a00:1]/", "http://[2002:7f00:1::]/", "http://[::127.0.0.1]/", "http://2130706433/",
        "http://a@127.0.0.1/", "http://user:pw@10.0.0.5:8080/", "http://224.0.0.1/", "http://255.255.255.255/",
        "http://198.18.0.1/", "http://[ff02::1]/", "http://internal.example/", "http://mixed.example/",
        "file:///etc/passwd", "gopher://public.example/", "jar:http://public.example/x.jar!/", "ftp://public.example/",
        "dict://public.example:11211/", "http://0x7f000001/", "http://017700000001/",
    })
    void internal_special_and_non_http_targets_are_denied(String url) {
        assertThat(check(url).allowed()).as(url).isFalse();
        assertThat(check(url).reason()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://public.example/", "https://public.example:8443/api", "http://93.184.215.14/",
        "http://[2606:2800:220:1:248:1893:25c8:1946]/", "http://8.8.8.8/", "http://172.32.0.1/", "http://100.128.0.1/"})
    void public_targets_are_allowed(String url) {
        assertThat(check(url).allowed()).as(url).isTrue();
    }

    @Test
    void the_reason_names_the_address_and_what_is_wrong_with_it() {
        assertThat(check("http://internal.example/").reason())
                .contains("internal.example").contains("10.1.2.3").contains("private").contains("allow-list");
    }

    @Test
    void allow_listed_ranges_and_hosts_are_reachable() {
        var allowing = PrivateNetworkEgressPolicy.allowing("10.1.0.0/16", "localhost", "[::1]");
        assertThat(allowing.check(URI.create("http://internal.example/"), LITERALS_ONLY).allowed()).isTrue();
        assertThat(allowing.check(URI.create("http://localhost:9100/"), LITERALS_ONLY).allowed()).isTrue();
        assertThat(allowing.check(URI.create("http://[::1]/"), LITERALS_ONLY).allowed()).isTrue();
        assertThat(allowing.check(URI.create("http://10.2.0.1/"), LITERALS_ONLY).allowed()).isFalse();
        assertThat(allowing.check(URI.create("http://127.0.0.1/"), LITERALS_ONLY).allowed()).isFalse();
    }

    @Test
    void an_allow_listed_address_covers_its_ipv4_mapped_form() {
        var allowing = PrivateNetworkEgressPolicy.allowing("127.0.0.1");
        assertThat(allowing.check(URI.create("http://[::ffff:127.0.0.1]/"), LITERALS_ONLY).allowed()).isTrue();
    }

    @Test
    void other_schemes_can_be_allowed_for_other_connectors() {
        var sftp = PrivateNetworkEgressPolicy.allowing(List.of(), List.of("sftp"));
        assertThat(sftp.check(URI.create("sftp://public.example/inbox"), LITERALS_ONLY).allowed()).isTrue();
        assertThat(sftp.check(URI.create("http://public.example/"), LITERALS_ONLY).allowed()).isFalse();
    }

    @Test
    void allow_all_allows_even_loopback() {
        assertThat(EgressPolicy.allowAll().check(URI.create("http://127.0.0.1/"), LITERALS_ONLY).allowed()).isTrue();
    }

    @Test
    void a_malformed_allow_list_entry_is_refused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PrivateNetworkEgressPolicy.allowing("10.0.0.0/40"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
