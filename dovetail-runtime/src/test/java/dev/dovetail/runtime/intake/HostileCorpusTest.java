package dev.dovetail.runtime.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.mapping.MappingEngine;
import dev.dovetail.model.Workspace;
import dev.dovetail.runtime.intake.HostileRequests.HostileRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** RELIABILITY S2 at the intake level: every malformed or hostile request is refused with the right 4xx. */
class HostileCorpusTest {
    @TempDir
    static Path root;

    private static Workspace workspace;
    private static MappingEngine engine;
    private static ServerSocketChannel canary;
    private static List<HostileRequest> corpus;

    private final WebhookIntake intake = new WebhookIntake();

    @BeforeAll
    static void setUp() throws IOException {
        workspace = IntakeFixture.load(root);
        engine = IntakeFixture.engine(workspace);
        canary = ServerSocketChannel.open();
        canary.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        canary.configureBlocking(false);
        corpus = HostileRequests.corpus(Instant.now(), ((InetSocketAddress) canary.getLocalAddress()).getPort());
    }

    @AfterAll
    static void theCanaryWasNeverCalled() throws IOException {
        try (var channel = canary) {
            // a parser that followed an external reference would have left a connection in the backlog (or hung)
            assertThat(channel.accept()).as("connections to the XXE canary").isNull();
        }
    }

    @Test
    void the_corpus_has_at_least_200_distinct_cases_in_every_category() {
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(200);
        assertThat(new HashSet<>(corpus.stream().map(HostileRequest::name).toList())).hasSameSizeAs(corpus);
        assertThat(corpus).extracting(HostileRequest::status).contains(400, 401, 404, 413, 415, 422);
    }

    @TestFactory
    Stream<DynamicTest> every_hostile_request_is_refused_with_its_status_code_and_a_readable_message() {
        return corpus.stream().map(hostile -> DynamicTest.dynamicTest(hostile.name(), () -> {
            IntakeDecision decision = intake.receive(workspace, engine, hostile.request());
            assertThat(decision).isInstanceOf(IntakeDecision.Refused.class);
            var refused = (IntakeDecision.Refused) decision;
            assertThat(refused.status()).as(refused.toString()).isEqualTo(hostile.status());
            assertThat(refused.code()).as(refused.toString()).isEqualTo(hostile.code());
            assertThat(refused.message()).isNotBlank().hasSizeLessThanOrEqualTo(401)
                    .doesNotContain(IntakeFixture.SHOP_SECRET).doesNotContain(IntakeFixture.ERP_TOKEN);
            assertThat(refused.message().chars().noneMatch(Character::isISOControl)).as("no control characters in " + refused.message()).isTrue();
        }));
    }

    @Test
    void billion_laughs_is_refused_within_100_ms() {
        var request = IntakeFixture.request("erp", "invoice-posted", "application/xml",
                java.util.Map.of(IntakeFixture.TOKEN_HEADER, List.of(IntakeFixture.ERP_TOKEN)),
                HostileRequests.billionLaughs().getBytes(java.nio.charset.StandardCharsets.UTF_8), Instant.now());
        intake.receive(workspace, engine, request); // warm up the XML classes once
        long started = System.nanoTime();
        IntakeDecision decision = intake.receive(workspace, engine, request);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(decision).isEqualTo(new IntakeDecision.Refused(400, RefusalCode.XML_DOCTYPE,
                "XML with a DOCTYPE is not accepted: document type declarations, entities and external references are disabled"));
        assertThat(took).isLessThan(Duration.ofMillis(100));
    }
}
