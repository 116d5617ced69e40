package dev.dovetail.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.connectors.http.RecordingHttpServer.Reply;
import dev.dovetail.spi.DeliveryOutcome.Delivered;
import dev.dovetail.spi.DeliveryOutcome.Rejected;
import dev.dovetail.spi.HostResolver;
import dev.dovetail.spi.OperationCall;
import dev.dovetail.spi.PrivateNetworkEgressPolicy;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EgressPolicyIT {

    private final RecordingHttpServer canary = RecordingHttpServer.start().on("/", r -> Reply.json(200, "{}"));

    @AfterEach
    void stop() {
        canary.close();
    }

    private HttpSystemConfig system(URI baseUrl) {
        return HttpSystemConfig.of("crm", baseUrl).withOperation("get", HttpOperationConfig.of("GET", "/x"));
    }

    @Test
    void a_loopback_target_is_denied_and_never_contacted() {
        try (var invoker = HttpInvoker.builder(system(canary.baseUrl())).egressPolicy(PrivateNetworkEgressPolicy.allowing()).build()) {
            assertThat(invoker.invoke(OperationCall.of("crm", "get"))).isInstanceOfSatisfying(Rejected.class,
                    rejected -> assertThat(rejected.reason()).contains("egress denied").contains("loopback"));
        }
        assertThat(canary.requests()).isEmpty();
    }

    @Test
    void an_allow_listed_loopback_target_still_works() {
        try (var invoker = HttpInvoker.builder(system(canary.baseUrl()))
                .egressPolicy(PrivateNetworkEgressPolicy.allowing("127.0.0.1/32")).build()) {
            assertThat(invoker.invoke(OperationCall.of("crm", "get"))).isInstanceOf(Delivered.class);
        }
        assertThat(canary.requests()).hasSize(1);
    }

    @Test
    void a_name_re_pointed_to_an_internal_address_is_caught_at_the_next_request() throws Exception {
        // the stub answers like DNS rebinding: the (allow-listed) canary for the first request's check and
        // connection, the metadata service afterwards
        var lookups = new AtomicInteger();
        HostResolver rebinding = host -> List.of(InetAddress.getByName(lookups.getAndIncrement() < 2 ? "127.0.0.1" : "169.254.169.254"));
        var config = system(URI.create("http://crm.partner.example:" + canary.port()));
        try (var invoker = HttpInvoker.builder(config).egressPolicy(PrivateNetworkEgressPolicy.allowing("127.0.0.1/32"))
                .hostResolver(rebinding).build()) {
            assertThat(invoker.invoke(OperationCall.of("crm", "get"))).isInstanceOf(Delivered.class);
            assertThat(invoker.invoke(OperationCall.of("crm", "get"))).isInstanceOfSatisfying(Rejected.class,
                    rejected -> assertThat(rejected.reason()).contains("169.254.169.254").contains("link-local"));
        }
        assertThat(lookups.get()).isEqualTo(3);
        assertThat(canary.requests()).hasSize(1);
    }

    @Test
    void a_name_re_pointed_between_the_check_and_the_connection_is_not_connected_to() throws Exception {
        // the check sees a public address; the connection's own lookup gets loopback, where the canary listens
        var lookups = new AtomicInteger();
        HostResolver rebinding = host -> List.of(InetAddress.getByName(lookups.getAndIncrement() == 0 ? "93.184.215.14" : "127.0.0.1"));
        var config = system(URI.create("http://crm.partner.example:" + canary.port()));
        try (var invoker = HttpInvoker.builder(config).egressPolicy(PrivateNetworkEgressPolicy.allowing()).hostResolver(rebinding).build()) {
            assertThat(invoker.invoke(OperationCall.of("crm", "get"))).isInstanceOfSatisfying(Rejected.class,
                    rejected -> assertThat(rejected.reason()).contains("egress denied").contains("loopback"));
        }
        assertThat(lookups.get()).isEqualTo(2);
        assertThat(canary.requests()).isEmpty();
    }

    @Test
    void the_oauth2_token_endpoint_is_checked_too() {
        var config = HttpSystemConfig.of("crm", URI.create("http://api.partner.example"))
                .withAuth(HttpAuth.OAuth2ClientCredentials.of(canary.baseUrl().resolve("/token"), "id", "secret"))
                .withOperation("get", HttpOperationConfig.of("GET", "/x"));
        HostResolver resolver = host -> host.equals("api.partner.example")
                ? List.of(InetAddress.getByName("93.184.215.14")) : HostResolver.system().resolve(host);
        try (var invoker = HttpInvoker.builder(config).egressPolicy(PrivateNetworkEgressPolicy.allowing()).hostResolver(resolver).build()) {
            assertThat(invoker.invoke(OperationCall.of("crm", "get"))).isInstanceOfSatisfying(Rejected.class,
                    rejected -> assertThat(rejected.reason()).contains("egress denied"));
        }
        assertThat(canary.requests()).isEmpty();
    }
}
