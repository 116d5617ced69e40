package dev.dovetail.connectors.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/** JSON to and from the JSON-like Java values of the SPI; decimals stay exact ({@code BigDecimal}). */
final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private Json() {}

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new InvalidCall("the body cannot be written as JSON: " + e.getOriginalMessage());
        }
    }

    /** Parses JSON into {@code Map}, {@code List}, {@code String}, {@code Number}, {@code Boolean} or {@code null}. */
    static Object read(byte[] bytes) throws IOException {
        return MAPPER.readValue(bytes, Object.class);
    }

    static Object read(String text) throws IOException {
        return MAPPER.readValue(text, Object.class);
    }
}
