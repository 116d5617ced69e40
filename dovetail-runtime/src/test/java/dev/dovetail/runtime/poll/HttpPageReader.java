package dev.dovetail.runtime.poll;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.dovetail.spi.DeliveryOutcome;
import dev.dovetail.spi.OperationCall;
import dev.dovetail.spi.Page;
import dev.dovetail.spi.PageOutcome;
import dev.dovetail.spi.PageReader;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal cursor-paging reader on the JDK HTTP client for the tests' {@link PageServer} (the runtime does
 * not depend on the connectors): GET {@code baseUrl + path} with the call's query, the cursor as
 * {@code cursor}; 2xx a page, 408/429/5xx and network failures retry later, other statuses rejected.
 */
final class HttpPageReader implements PageReader {
    private static final JsonFactory JSON = new JsonFactory();

    private final String baseUrl;
    private final String path;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    HttpPageReader(String baseUrl, String path) {
        this.baseUrl = baseUrl;
        this.path = path;
    }

    @Override
    public PageOutcome readPage(OperationCall call, String cursor) {
        var query = new StringBuilder();
        call.queryParams().forEach((name, value) -> append(query, name, String.valueOf(value)));
        if (cursor != null) append(query, "cursor", cursor);
        var request = HttpRequest.newBuilder(URI.create(baseUrl + path + (query.isEmpty() ? "" : "?" + query)))
                .timeout(Duration.ofSeconds(5)).GET().build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return DeliveryOutcome.RetryLater.because("network: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryOutcome.RetryLater.because("interrupted");
        }
        int status = response.statusCode();
        if (status == 408 || status == 429 || status >= 500) {
            return new DeliveryOutcome.RetryLater(null, "status " + status, status, response.body());
        }
        if (status >= 300) {
            return new DeliveryOutcome.Rejected("status " + status, status, response.body());
        }
        @SuppressWarnings("unchecked")
        var answer = (Map<String, Object>) parse(response.body());
        @SuppressWarnings("unchecked")
        var items = (List<Object>) answer.get("items");
        var next = (String) answer.get("nextCursor");
        int number = cursor == null ? 1 : 2;
        return new Page(items, next, number, false);
    }

    private static void append(StringBuilder query, String name, String value) {
        if (!query.isEmpty()) query.append('&');
        query.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    static Object parse(String json) {
        try (JsonParser parser = JSON.createParser(json)) {
            parser.nextToken();
            return value(parser);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object value(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> {
                var map = new LinkedHashMap<String, Object>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    map.put(name, value(parser));
                }
                yield map;
            }
            case START_ARRAY -> {
                var list = new ArrayList<Object>();
                while (parser.nextToken() != JsonToken.END_ARRAY) list.add(value(parser));
                yield list;
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> parser.getDecimalValue();
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            case VALUE_NULL -> null;
            default -> throw new IllegalStateException("unexpected " + token);
        };
    }
}
