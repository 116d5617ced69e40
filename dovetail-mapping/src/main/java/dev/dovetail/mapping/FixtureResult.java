package dev.dovetail.mapping;

import static java.util.Objects.requireNonNull;

import dev.dovetail.model.Fixture;
import java.util.List;

/** The outcome of running one {@link Fixture}. */
public sealed interface FixtureResult {

    Fixture fixture();

    /** The output equals the expectation (JSON equality: 1 == 1.0, key order ignored). */
    record Passed(Fixture fixture) implements FixtureResult {
        public Passed {
            requireNonNull(fixture, "fixture");
        }
    }

    /** The mapping produced {@code actual}, which differs from the expectation at each of {@code differences}. */
    record Failed(Fixture fixture, Object actual, List<Difference> differences) implements FixtureResult {
        public Failed {
            requireNonNull(fixture, "fixture");
            differences = List.copyOf(differences);
        }
    }

    /** The mapping produced no output. */
    record Errored(Fixture fixture, MappingResult.Failure failure) implements FixtureResult {
        public Errored {
            requireNonNull(fixture, "fixture");
            requireNonNull(failure, "failure");
        }
    }
}
