package dev.dovetail.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.dashjoin.jsonata.json.Json;
import dev.dovetail.model.Mapping;
import dev.dovetail.model.ValueMap;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Small helpers shared by the tests of this module. */
final class Engines {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    /** The stage table of the bench scenario, with a '*' default row. */
    static final ValueMap ORDER_STAGE = new ValueMap("order-stage", "valuemaps/order-stage.csv", List.of("crm", "erp"),
            List.of(List.of("Closed Won", "APPROVED"), List.of("Closed Lost", "CANCELLED"),
                    List.of("Negotiation", "PENDING"), List.of("Proposal", "DRAFT")),
            Optional.of("UNKNOWN"));

    /** A table without a default row. */
    static final ValueMap COUNTRY = new ValueMap("country", "valuemaps/country.csv", List.of("crm", "erp", "iso"),
            List.of(List.of("China", "CN01", "CN"), List.of("Germany", "DE01", "DE"), List.of("42", "X42", "XX")),
            Optional.empty());

    private Engines() {}

    static MappingEngine engine(Mapping... mappings) {
        return new MappingEngine(List.of(mappings), List.of(ORDER_STAGE, COUNTRY), SHANGHAI, MappingLimits.DEFAULT);
    }

    static Mapping mapping(String name, String expression) {
        return new Mapping(name, "mappings/" + name + ".jsonata", expression);
    }

    /** Parses JSON text into JSON-like Java values. */
    static Object json(String text) {
        return Json.parseJson(text);
    }

    static Object output(MappingResult result) {
        assertThat(result).isInstanceOf(MappingResult.Success.class);
        return ((MappingResult.Success) result).output();
    }

    static MappingResult.Failure failure(MappingResult result) {
        assertThat(result).isInstanceOf(MappingResult.Failure.class);
        return (MappingResult.Failure) result;
    }

    static Object eval(String expression, Object input) {
        return output(engine().evaluateExpression(expression, input));
    }

    static List<Object> list(Object... items) {
        return new ArrayList<>(Arrays.asList(items));
    }
}
