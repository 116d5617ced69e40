package dev.dovetail.runtime.dispatch;

import static java.util.Objects.requireNonNull;

import dev.dovetail.runtime.journal.EventType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which handler processes which type of entry, and how many of a group may run at once (a group is,
 * for example, one flow, or the deliveries to one target system). Immutable; hand a new one to
 * {@link Dispatcher#use(Routes)} when the workspace changes. Entries of a type without a route are
 * left alone.
 */
public final class Routes {

    /** A bound on how many entries of the group's routes run at once on a node. */
    public record Group(String name, int concurrency) {
        public Group {
            requireNonNull(name, "name");
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency of group " + name + " must be positive");
            }
        }
    }

    record Route(EventType type, Group group, EntryHandler handler) {
    }

    private final Map<EventType, Route> routes;

    private Routes(Map<EventType, Route> routes) {
        this.routes = Map.copyOf(routes);
    }

    public static Routes none() {
        return new Routes(Map.of());
    }

    public static Builder builder() {
        return new Builder();
    }

    public Set<EventType> types() {
        return routes.keySet();
    }

    Optional<Route> routeOf(EventType type) {
        return Optional.ofNullable(routes.get(type));
    }

    public static final class Builder {
        private final Map<String, Group> groups = new LinkedHashMap<>();
        private final Map<EventType, Route> routes = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder group(String name, int concurrency) {
            groups.put(name, new Group(name, concurrency));
            return this;
        }

        /** Routes entries of {@code system}.{@code event} to {@code handler}, within group {@code group}. */
        public Builder route(String system, String event, String group, EntryHandler handler) {
            requireNonNull(handler, "handler");
            Group g = groups.get(group);
            if (g == null) {
                throw new IllegalArgumentException("unknown group " + group + "; declare it with group(name, concurrency) first");
            }
            EventType type = new EventType(system, event);
            if (routes.putIfAbsent(type, new Route(type, g, handler)) != null) {
                throw new IllegalArgumentException(type + " is routed twice");
            }
            return this;
        }

        public Routes build() {
            return new Routes(routes);
        }
    }
}
