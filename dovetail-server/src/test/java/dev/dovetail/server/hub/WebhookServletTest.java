package dev.dovetail.server.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.mapping.JsonataSyntax;
import dev.dovetail.mapping.MappingEngine;
import dev.dovetail.model.Environment;
import dev.dovetail.model.WorkspaceLoader;
import dev.dovetail.runtime.hub.Replies;
import dev.dovetail.runtime.intake.IntakeFixture;
import dev.dovetail.runtime.intake.WebhookIntake;
import dev.dovetail.runtime.journal.Journal;
import dev.dovetail.runtime.journal.JournalOptions;
import dev.dovetail.runtime.journal.TestDatabase;
import dev.dovetail.server.workspace.LiveWorkspace;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/** The webhook servlet's answers, especially when the journal cannot take the event: never a 2xx then. */
class WebhookServletTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path root;

    private static TestDatabase database;
    private static LiveWorkspace live;

    @BeforeAll
    static void load() {
        IntakeFixture.write(root);
        var loader = new WorkspaceLoader(Environment.of(IntakeFixture.environment()), new JsonataSyntax());
        live = new LiveWorkspace(Optional.of(root), loader::load, MappingEngine::of, Clock.systemUTC());
        assertThat(live.reload()).isInstanceOf(LiveWorkspace.Reload.Accepted.class);
        database = TestDatabase.h2();
    }

    @AfterAll
    static void close() throws Exception {
        database.close();
    }

    @Test
    void an_accepted_event_is_answered_202_once_it_is_in_the_journal_and_200_when_repeated() throws Exception {
        try (var journal = Journal.open(database.dataSource())) {
            var servlet = servlet(journal);

            var first = post(servlet, "/hooks/open/ping", "{\"id\": \"P-1\"}");
            var repeat = post(servlet, "/hooks/open/ping", "{\"id\": \"P-1\"}");

            assertThat(first.getStatus()).isEqualTo(202);
            var eventId = JSON.readTree(first.getContentAsString()).get("eventId").asString();
            assertThat(journal.find(dev.dovetail.runtime.journal.EventId.parse(eventId))).isPresent();
            assertThat(repeat.getStatus()).isEqualTo(200);
            assertThat(repeat.getContentAsString()).isEqualTo("{\"eventId\":\"" + eventId + "\",\"duplicate\":true}");
        }
    }

    @Test
    void a_closed_journal_gets_503_with_retry_after_and_nothing_acknowledged() throws Exception {
        var journal = Journal.open(database.dataSource());
        var servlet = servlet(journal);
        journal.close();

        var answer = post(servlet, "/hooks/open/ping", "{\"id\": \"P-2\"}");

        assertThat(answer.getStatus()).isEqualTo(503);
        assertThat(answer.getHeader("Retry-After")).isEqualTo("5");
        assertThat(answer.getContentType()).isEqualTo("application/problem+json");
        assertThat(JSON.readTree(answer.getContentAsString()).get("code").asString()).isEqualTo("journal-unavailable");
    }

    @Test
    void a_journal_with_too_much_queued_gets_503_overloaded() throws Exception {
        var gate = new GatedDataSource(database.dataSource());
        try (var journal = Journal.open(gate, JournalOptions.defaults().withMaxQueuedEvents(1))) {
            var servlet = servlet(journal, Duration.ofSeconds(30));
            gate.close(); // the committer's next connection waits: the first event stays queued
            var stuck = Thread.ofVirtual().start(() -> post(servlet, "/hooks/open/ping", "{\"id\": \"P-3\"}"));
            assertThat(gate.waiting.await(10, TimeUnit.SECONDS)).isTrue();

            var answer = post(servlet, "/hooks/open/ping", "{\"id\": \"P-4\"}");

            assertThat(answer.getStatus()).isEqualTo(503);
            assertThat(answer.getHeader("Retry-After")).isEqualTo("1");
            assertThat(JSON.readTree(answer.getContentAsString()).get("code").asString()).isEqualTo("overloaded");
            gate.open();
            stuck.join(Duration.ofSeconds(10));
        }
    }

    @Test
    void a_write_not_confirmed_in_time_gets_503() throws Exception {
        var gate = new GatedDataSource(database.dataSource());
        try (var journal = Journal.open(gate)) {
            var servlet = servlet(journal, Duration.ofMillis(200));
            gate.close();

            var answer = post(servlet, "/hooks/open/ping", "{\"id\": \"P-5\"}");

            assertThat(answer.getStatus()).isEqualTo(503);
            assertThat(JSON.readTree(answer.getContentAsString()).get("detail").asString()).contains("cannot store events");
            gate.open();
        }
    }

    @Test
    void a_declared_content_length_over_the_limit_is_refused_before_the_body_is_read() throws Exception {
        try (var journal = Journal.open(database.dataSource())) {
            var request = new MockHttpServletRequest("POST", "/hooks/erp/invoice-posted") {
                @Override
                public long getContentLengthLong() {
                    return 70_000; // declared; the event's limit is 64 KB
                }

                @Override
                public jakarta.servlet.ServletInputStream getInputStream() {
                    throw new AssertionError("the body must not be read");
                }
            };
            request.setContentType("application/xml");
            request.addHeader(IntakeFixture.TOKEN_HEADER, IntakeFixture.ERP_TOKEN);
            var response = new MockHttpServletResponse();

            servlet(journal).service(request, response);

            assertThat(response.getStatus()).isEqualTo(413);
            assertThat(JSON.readTree(response.getContentAsString()).get("code").asString()).isEqualTo("body-too-large");
        }
    }

    @Test
    void other_paths_and_methods_get_problems() throws Exception {
        try (var journal = Journal.open(database.dataSource())) {
            var servlet = servlet(journal);

            assertThat(post(servlet, "/hooks/open", "{}").getStatus()).isEqualTo(404);
            assertThat(post(servlet, "/hooks/open/ping/more", "{}").getStatus()).isEqualTo(404);
            assertThat(post(servlet, "/hooks/op%ZZen/ping", "{}").getStatus()).isEqualTo(404);
            var get = new MockHttpServletResponse();
            var request = request("/hooks/open/ping", "");
            request.setMethod("GET");
            servlet.service(request, get);
            assertThat(get.getStatus()).isEqualTo(405);
            assertThat(get.getHeader("Allow")).isEqualTo("POST");
        }
    }

    @Test
    void path_segments_are_percent_decoded_as_utf_8() {
        assertThat(WebhookServlet.decode("shop%20")).isEqualTo("shop ");
        assertThat(WebhookServlet.decode("%E5%95%86%E5%BA%97")).isEqualTo("商店");
        assertThat(WebhookServlet.decode("%FF")).isNull();
        assertThat(WebhookServlet.decode("%2")).isNull();
    }

    private static WebhookServlet servlet(Journal journal) {
        return servlet(journal, Duration.ofSeconds(30));
    }

    private static WebhookServlet servlet(Journal journal, Duration appendTimeout) {
        return new WebhookServlet(live, new WebhookIntake(), journal, new Replies(), new HubMetrics(new SimpleMeterRegistry()), JSON,
                Clock.systemUTC(), appendTimeout, Duration.ofSeconds(1));
    }

    private static MockHttpServletResponse post(WebhookServlet servlet, String path, String body) {
        var response = new MockHttpServletResponse();
        try {
            servlet.service(request(path, body), response);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return response;
    }

    private static MockHttpServletRequest request(String path, String body) {
        var request = new MockHttpServletRequest("POST", path);
        request.setContentType(path.contains("erp") ? "application/xml" : "application/json");
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        if (path.contains("erp")) request.addHeader(IntakeFixture.TOKEN_HEADER, IntakeFixture.ERP_TOKEN);
        return request;
    }

    /** A data source whose new connections wait while it is closed: a database that stopped answering. */
    static final class GatedDataSource implements DataSource {
        private final DataSource delegate;
        private volatile CountDownLatch gate = new CountDownLatch(0);
        final CountDownLatch waiting = new CountDownLatch(1);

        GatedDataSource(DataSource delegate) {
            this.delegate = delegate;
        }

        void close() {
            gate = new CountDownLatch(1);
        }

        void open() {
            gate.countDown();
        }

        @Override
        public Connection getConnection() throws SQLException {
            var current = gate;
            if (current.getCount() > 0) {
                waiting.countDown();
                try {
                    current.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted");
                }
            }
            return delegate.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return delegate.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            delegate.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            delegate.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return delegate.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return delegate.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return delegate.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
