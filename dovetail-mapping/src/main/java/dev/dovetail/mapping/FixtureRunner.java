package dev.dovetail.mapping;

import static java.util.Objects.requireNonNull;

import dev.dovetail.model.Fixture;
import java.util.List;

/**
 * Runs fixtures ({@code tests/*.yaml}: a mapping, an input, the expected output) against a
 * {@link MappingEngine} and compares with JSON equality: numbers by value (1 == 1.0), object keys in
 * any order, arrays in order, a key with null differs from a missing key.
 */
public final class FixtureRunner {
    private final MappingEngine engine;

    public FixtureRunner(MappingEngine engine) {
        this.engine = requireNonNull(engine, "engine");
    }

    public FixtureResult run(Fixture fixture) {
        return switch (engine.evaluate(fixture.mapping(), fixture.input())) {
            case MappingResult.Failure failure -> new FixtureResult.Errored(fixture, failure);
            case MappingResult.Success success -> {
                List<Difference> differences = JsonValues.diff(fixture.expected(), success.output());
                yield differences.isEmpty()
                        ? new FixtureResult.Passed(fixture)
                        : new FixtureResult.Failed(fixture, success.output(), differences);
            }
        };
    }

    /** Runs every fixture, in order. */
    public FixtureReport run(List<Fixture> fixtures) {
        return new FixtureReport(fixtures.stream().map(this::run).toList());
    }
}
