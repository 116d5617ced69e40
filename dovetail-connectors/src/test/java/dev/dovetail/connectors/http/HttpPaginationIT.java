package dev.dovetail.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.connectors.http.RecordingHttpServer.Reply;
import dev.dovetail.spi.DeliveryOutcome.Rejected;
import dev.dovetail.spi.OperationCall;
import dev.dovetail.spi.Page;
import dev.dovetail.spi.PageOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpPaginationIT {

    /** Five records, a1 … a5, served two at a time. */
    private static final List<String> RECORDS = List.of("a1", "a2", "a3", "a4", "a5");

    private final RecordingHttpServer server = RecordingHttpServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpInvoker crm(HttpPagination pagination) {
        return HttpInvoker.create(HttpSystemConfig.of("crm", server.baseUrl())
                .withOperation("listAccounts", HttpOperationConfig.of("GET", "/accounts").withPagination(pagination)));
    }

    private static String jsonItems(int from, int to) {
        return IntStream.range(from, Math.min(to, RECORDS.size()))
                .mapToObj(i -> "{\"id\":\"" + RECORDS.get(i) + "\"}").collect(Collectors.joining(",", "[", "]"));
    }

    /** Reads every page the way a poller does; returns the pages. */
    private static List<Page> readAll(HttpInvoker invoker, OperationCall call) {
        var pages = new ArrayList<Page>();
        String cursor = null;
        do {
            PageOutcome outcome = invoker.readPage(call, cursor);
            assertThat(outcome).isInstanceOf(Page.class);
            var page = (Page) outcome;
            pages.add(page);
            cursor = page.nextCursor();
        } while (cursor != null);
        return pages;
    }

    private static List<Object> ids(List<Page> pages) {
        return pages.stream().flatMap(p -> p.items().stream()).map(item -> ((java.util.Map<?, ?>) item).get("id")).map(Object.class::cast).toList();
    }

    @Test
    void cursor_pagination_follows_the_answer_s_cursor_until_there_is_none() {
        server.on("/accounts", r -> {
            var start = r.queryParam("after") == null ? 0 : Integer.parseInt(r.queryParam("after"));
            var next = start + 2 < RECORDS.size() ? "\"" + (start + 2) + "\"" : "null";
            return Reply.json(200, "{\"data\":" + jsonItems(start, start + 2) + ",\"meta\":{\"next\":" + next + "}}");
        });
        try (var invoker = crm(HttpPagination.Cursor.of("after", "meta.next", "data"))) {
            var pages = readAll(invoker, OperationCall.of("crm", "listAccounts").withQueryParam("updatedSince", "2025-01-01"));
            assertThat(ids(pages)).containsExactly("a1", "a2", "a3", "a4", "a5");
            assertThat(pages).extracting(Page::number).containsExactly(1, 2, 3);
        }
        assertThat(server.requests()).extracting(r -> r.queryParam("after")).containsExactly(null, "2", "4");
        assertThat(server.requests()).allSatisfy(r -> assertThat(r.queryParam("updatedSince")).isEqualTo("2025-01-01"));
    }

    @Test
    void cursor_pagination_sends_the_page_size_and_stops_at_an_empty_cursor() {
        server.on("/accounts", r -> Reply.json(200, "{\"items\":" + jsonItems(0, 2) + ",\"cursor\":\"\"}"));
        try (var invoker = crm(new HttpPagination.Cursor("cursor", "cursor", "items", "limit", 2, 100))) {
            assertThat(readAll(invoker, OperationCall.of("crm", "listAccounts"))).hasSize(1);
        }
        assertThat(server.requests().getFirst().queryParam("limit")).isEqualTo("2");
    }

    @Test
    void page_number_pagination_follows_a_more_pages_flag_when_one_is_configured() {
        server.on("/accounts", r -> {
            var page = Integer.parseInt(r.queryParam("page"));
            return Reply.json(200, "{\"rows\":" + jsonItems(page * 2, page * 2 + 2) + ",\"hasMore\":" + (page < 2) + "}");
        });
        try (var invoker = crm(new HttpPagination.PageNumber(null, null, 50, 0, "hasMore", "rows", 100))) {
            assertThat(ids(readAll(invoker, OperationCall.of("crm", "listAccounts")))).containsExactly("a1", "a2", "a3", "a4", "a5");
        }
        assertThat(server.requests()).extracting(r -> r.queryParam("page")).containsExactly("0", "1", "2");
        assertThat(server.requests()).allSatisfy(r -> assertThat(r.queryParam("size")).isNull());
    }

    @Test
    void page_number_pagination_stops_at_a_short_page() {
        server.on("/accounts", r -> {
            var page = Integer.parseInt(r.queryParam("pageNo"));
            var size = Integer.parseInt(r.queryParam("pageSize"));
            return Reply.json(200, "{\"result\":{\"list\":" + jsonItems((page - 1) * size, page * size) + "}}");
        });
        try (var invoker = crm(new HttpPagination.PageNumber("pageNo", "pageSize", 2, 1, null, "result.list", 100))) {
            assertThat(ids(readAll(invoker, OperationCall.of("crm", "listAccounts")))).containsExactly("a1", "a2", "a3", "a4", "a5");
        }
        assertThat(server.requests()).extracting(r -> r.queryParam("pageNo")).containsExactly("1", "2", "3");
    }

    @Test
    void offset_pagination_advances_by_the_limit() {
        server.on("/accounts", r -> {
            var offset = Integer.parseInt(r.queryParam("offset"));
            var limit = Integer.parseInt(r.queryParam("limit"));
            return Reply.json(200, jsonItems(offset, offset + limit));
        });
        try (var invoker = crm(HttpPagination.Offset.of("offset", "limit", 2, null))) {
            assertThat(ids(readAll(invoker, OperationCall.of("crm", "listAccounts")))).containsExactly("a1", "a2", "a3", "a4", "a5");
        }
        assertThat(server.requests()).extracting(r -> r.queryParam("offset")).containsExactly("0", "2", "4");
    }

    @Test
    void link_header_pagination_follows_rel_next_absolute_and_relative() {
        server.on("/accounts", r -> {
            var page = r.queryParam("page") == null ? 1 : Integer.parseInt(r.queryParam("page"));
            var reply = Reply.json(200, jsonItems((page - 1) * 2, page * 2));
            if (page == 1) {
                reply = reply.withHeader("Link", "<" + server.baseUrl() + "/accounts?page=2&per_page=2>; rel=\"next\", <"
                        + server.baseUrl() + "/accounts?page=3>; rel=\"last\"");
            } else if (page == 2) {
                reply = reply.withHeader("Link", "</accounts?page=1>; rel=\"prev first\", </accounts?page=3&per_page=2>; rel=next");
            }
            return reply;
        });
        try (var invoker = crm(new HttpPagination.Link(null, 100))) {
            assertThat(ids(readAll(invoker, OperationCall.of("crm", "listAccounts")))).containsExactly("a1", "a2", "a3", "a4", "a5");
        }
        assertThat(server.requests()).extracting(RecordingHttpServer.RecordedRequest::rawQuery)
                .containsExactly(null, "page=2&per_page=2", "page=3&per_page=2");
    }

    @Test
    void a_link_to_another_origin_is_not_followed_with_the_system_s_credentials() {
        server.on("/accounts", r -> Reply.json(200, jsonItems(0, 2)).withHeader("Link", "<http://evil.example/steal>; rel=\"next\""));
        try (var invoker = crm(new HttpPagination.Link(null, 100))) {
            assertThat(invoker.readPage(OperationCall.of("crm", "listAccounts"), null)).isInstanceOfSatisfying(Rejected.class,
                    rejected -> assertThat(rejected.reason()).contains("leaves the system's origin"));
        }
    }

    @Test
    void reading_stops_at_the_page_limit_and_says_so() {
        server.on("/accounts", r -> Reply.json(200, "{\"items\":[{\"id\":\"x\"}],\"next\":\"more\"}")); // never ends
        try (var invoker = crm(new HttpPagination.Cursor("cursor", "next", "items", null, 100, 3))) {
            var pages = readAll(invoker, OperationCall.of("crm", "listAccounts"));
            assertThat(pages).hasSize(3);
            assertThat(pages.getLast().limitReached()).isTrue();
            assertThat(pages.getFirst().limitReached()).isFalse();
        }
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void a_cursor_can_be_stored_and_used_later() {
        server.on("/accounts", r -> Reply.json(200, "{\"items\":" + jsonItems(0, 1) + ",\"next\":\"tok-9\"}"));
        String stored;
        try (var invoker = crm(HttpPagination.Cursor.of("cursor", "next", "items"))) {
            stored = ((Page) invoker.readPage(OperationCall.of("crm", "listAccounts"), null)).nextCursor();
        }
        try (var restarted = crm(HttpPagination.Cursor.of("cursor", "next", "items"))) {
            assertThat(restarted.readPage(OperationCall.of("crm", "listAccounts"), stored)).isInstanceOfSatisfying(Page.class,
                    page -> assertThat(page.number()).isEqualTo(2));
        }
        assertThat(server.requests().getLast().queryParam("cursor")).isEqualTo("tok-9");
    }

    @Test
    void an_answer_without_the_configured_list_is_rejected() {
        server.on("/accounts", r -> Reply.json(200, "{\"items\":\"not a list\"}"));
        try (var invoker = crm(HttpPagination.Cursor.of("cursor", "next", "items"))) {
            assertThat(invoker.readPage(OperationCall.of("crm", "listAccounts"), null)).isInstanceOfSatisfying(Rejected.class,
                    rejected -> assertThat(rejected.reason()).contains("pagination.items 'items' does not select a list"));
        }
    }

    @Test
    void a_plugged_in_answer_reader_evaluates_the_expressions() {
        server.on("/accounts", r -> Reply.json(200, "{\"data\":{\"rows\":" + jsonItems(0, 2) + "}}"));
        AnswerReader onlyFirst = (expression, answer) -> expression.equals("data.rows[0]")
                ? List.of(((List<?>) FieldPath.get(answer, "data.rows")).getFirst()) : null;
        try (var invoker = HttpInvoker.builder(HttpSystemConfig.of("crm", server.baseUrl())
                .withOperation("listAccounts", HttpOperationConfig.of("GET", "/accounts")
                        .withPagination(new HttpPagination.Link("data.rows[0]", 100)))).answerReader(onlyFirst).build()) {
            assertThat(ids(readAll(invoker, OperationCall.of("crm", "listAccounts")))).containsExactly("a1");
        }
    }
}
