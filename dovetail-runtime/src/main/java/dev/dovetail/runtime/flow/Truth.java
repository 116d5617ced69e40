package dev.dovetail.runtime.flow;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** JSONata's cast to boolean ({@code $boolean}), used for filter and choice conditions. */
final class Truth {

    private Truth() {
    }

    static boolean of(Object value) {
        return switch (value) {
            case null -> false;
            case Boolean b -> b;
            case String s -> !s.isEmpty();
            case BigDecimal d -> d.signum() != 0;
            case Number n -> n.doubleValue() != 0;
            case List<?> list -> list.size() == 1 ? of(list.getFirst()) : list.stream().anyMatch(Truth::of);
            case Map<?, ?> map -> !map.isEmpty();
            default -> true;
        };
    }
}
