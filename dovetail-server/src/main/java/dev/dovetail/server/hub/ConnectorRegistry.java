package dev.dovetail.server.hub;

import static java.util.Objects.requireNonNull;

import dev.dovetail.connectors.file.FileInvoker;
import dev.dovetail.connectors.file.FileStore;
import dev.dovetail.connectors.file.FileSystemConfig;
import dev.dovetail.connectors.file.FileSystemConfigs;
import dev.dovetail.connectors.http.CircuitState;
import dev.dovetail.connectors.http.CircuitTransition;
import dev.dovetail.connectors.http.HttpInvoker;
import dev.dovetail.connectors.http.HttpSystemConfig;
import dev.dovetail.connectors.http.HttpSystemConfigs;
import dev.dovetail.connectors.soap.SoapInvoker;
import dev.dovetail.connectors.soap.SoapSystemConfig;
import dev.dovetail.connectors.soap.SoapSystemConfigs;
import dev.dovetail.model.SystemDef;
import dev.dovetail.model.Workspace;
import dev.dovetail.runtime.flow.Invokers;
import dev.dovetail.spi.EgressPolicy;
import dev.dovetail.spi.HostResolver;
import dev.dovetail.spi.OperationInvoker;
import dev.dovetail.spi.PageReader;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connectors of the serving workspace: one {@link HttpInvoker} per {@code http} system, holding that
 * system's connection pool, credentials, rate limit, concurrency bound and circuit breaker; one
 * {@link SoapInvoker} per {@code soap} system (the same transport, plus its WSDL); and for each {@code file} or
 * {@code sftp} system one {@link FileStore} (for SFTP: its SSH connection), shared by the system's
 * {@link FileInvoker} and its file sources ({@link FileConsumers}).
 *
 * <p>Each workspace version gets a {@link Connectors} generation. A system whose connector configuration did not
 * change keeps its invoker (and its breaker state) across versions; a changed or removed system's invoker is
 * closed only when no generation that holds it is in use any more, so calls under way finish on the old
 * configuration. Users {@link Connectors#acquire() acquire} a generation for the duration of their work, or
 * call {@link #withCurrent(Function)}.
 *
 * <p>Systems with other connector kinds (jdbc, kafka, ...) have no invoker here yet: a flow that calls them fails
 * with "no connector serves system".
 */
public final class ConnectorRegistry implements Invokers, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConnectorRegistry.class);

    /**
     * A system's connector, shared by the generations that hold it; closed when the last of them is done.
     * {@code config} is the connector's typed configuration (a record: equal configurations keep the connector).
     */
    private static final class Shared {
        final String system;
        final Object config;
        final OperationInvoker invoker;
        final AutoCloseable resource;
        final FileStore files;
        final AtomicInteger holders = new AtomicInteger();

        Shared(String system, Object config, OperationInvoker invoker, AutoCloseable resource, FileStore files) {
            this.system = system;
            this.config = config;
            this.invoker = invoker;
            this.resource = resource;
            this.files = files;
        }

        void hold() {
            holders.incrementAndGet();
        }

        void drop() {
            if (holders.decrementAndGet() == 0) {
                try {
                    resource.close();
                } catch (Exception e) {
                    log.warn("Closing the connector of system {} failed", system, e);
                }
            }
        }
    }

    /**
     * The connectors of one workspace version. Reference-counted: {@link #acquire()} before use, {@link #release()}
     * after; once retired and released by everyone, it lets go of its invokers.
     */
    public static final class Connectors implements Invokers {
        private final Map<String, Shared> bySystem;
        private final Map<String, String> problems;
        /** users; -1 once closed */
        private final AtomicInteger users = new AtomicInteger();
        private volatile boolean retired;

        private Connectors(Map<String, Shared> bySystem, Map<String, String> problems) {
            this.bySystem = Collections.unmodifiableMap(bySystem);
            this.problems = Map.copyOf(problems);
            bySystem.values().forEach(Shared::hold);
        }

        @Override
        public Optional<OperationInvoker> forSystem(String system) {
            return Optional.ofNullable(bySystem.get(system)).map(shared -> shared.invoker);
        }

        /** The HTTP invoker of a system, if it uses the http connector. */
        public Optional<HttpInvoker> http(String system) {
            return forSystem(system).filter(HttpInvoker.class::isInstance).map(HttpInvoker.class::cast);
        }

        /** The SOAP invoker of a system, if it uses the soap connector. */
        public Optional<SoapInvoker> soap(String system) {
            return forSystem(system).filter(SoapInvoker.class::isInstance).map(SoapInvoker.class::cast);
        }

        /** The configuration and the store of a {@code file} or {@code sftp} system (the store is this generation's: do not close it). */
        public Optional<FileConnector> files(String system) {
            return Optional.ofNullable(bySystem.get(system)).filter(shared -> shared.files != null)
                    .map(shared -> new FileConnector((FileSystemConfig) shared.config, shared.files));
        }

        /** The circuit breaker state of a system's connector, if it has one (http, soap). */
        public Optional<CircuitState> circuitState(String system) {
            return http(system).map(HttpInvoker::circuitState).or(() -> soap(system).map(SoapInvoker::circuitState));
        }

        /** The page reader (pagination) of a system, if its connector reads pages. */
        public Optional<PageReader> pageReader(String system) {
            return http(system).map(invoker -> invoker);
        }

        /** Systems whose connector could not be built, with the reason. */
        public Map<String, String> problems() {
            return problems;
        }

        public java.util.Set<String> systems() {
            return bySystem.keySet();
        }

        /** Holds this generation open; false when it was closed meanwhile (use the registry's current one). */
        public boolean acquire() {
            while (true) {
                int n = users.get();
                if (n < 0) return false;
                if (users.compareAndSet(n, n + 1)) return true;
            }
        }

        public void release() {
            if (users.decrementAndGet() == 0 && retired) closeIfUnused();
        }

        private void retire() {
            retired = true;
            closeIfUnused();
        }

        private void closeIfUnused() {
            if (users.compareAndSet(0, -1)) {
                bySystem.values().forEach(Shared::drop);
            }
        }
    }

    /** A file system's typed configuration and its open store, shared by its invoker and its sources. */
    public record FileConnector(FileSystemConfig config, FileStore store) {}

    private final EgressPolicy egress;
    private final Consumer<CircuitTransition> transitions;
    private volatile Connectors current = held(new Connectors(new LinkedHashMap<>(), Map.of()));

    /**
     * @param egress      which addresses invokers may connect to
     * @param transitions told about every circuit breaker change (metrics, logs)
     */
    public ConnectorRegistry(EgressPolicy egress, Consumer<CircuitTransition> transitions) {
        this.egress = requireNonNull(egress, "egress");
        this.transitions = requireNonNull(transitions, "transitions");
    }

    private static Connectors held(Connectors generation) {
        generation.acquire(); // the registry's own hold while it is current
        return generation;
    }

    /**
     * Builds the connectors of a workspace version, reusing the current invokers of systems whose connector
     * configuration is unchanged. The result is not current yet: {@link #activate} it once the work that uses it
     * (the dispatcher's routes) is in place.
     */
    public synchronized Connectors prepare(Workspace workspace) {
        Connectors previous = current;
        Map<String, Shared> next = new LinkedHashMap<>();
        Map<String, String> problems = new LinkedHashMap<>();
        for (SystemDef system : workspace.systems().values()) {
            Object config;
            try {
                config = switch (system.connector()) {
                    case HTTP -> HttpSystemConfigs.from(system, workspace.root());
                    case SOAP -> SoapSystemConfigs.from(system, workspace.root());
                    case FILE, SFTP -> FileSystemConfigs.from(system, workspace.root());
                    default -> null;
                };
            } catch (RuntimeException e) {
                problems.put(system.name(), e.getMessage());
                log.error("The connector of system {} cannot be built: {}", system.name(), e.getMessage());
                continue;
            }
            if (config == null) continue;
            Shared old = previous.bySystem.get(system.name());
            if (old != null && old.config.equals(config)) {
                next.put(system.name(), old);
                continue;
            }
            try {
                next.put(system.name(), build(system.name(), config));
            } catch (RuntimeException e) {
                problems.put(system.name(), e.getMessage());
                log.error("The connector of system {} cannot be built: {}", system.name(), e.getMessage());
            }
        }
        return new Connectors(next, problems);
    }

    private Shared build(String system, Object config) {
        return switch (config) {
            case HttpSystemConfig http -> {
                HttpInvoker invoker = HttpInvoker.builder(http).egressPolicy(egress).build();
                invoker.onCircuitTransition(transitions);
                yield new Shared(system, http, invoker, invoker, null);
            }
            case SoapSystemConfig soap -> {
                SoapInvoker invoker = SoapInvoker.builder(soap).egressPolicy(egress).build();
                invoker.onCircuitTransition(transitions);
                yield new Shared(system, soap, invoker, invoker, null);
            }
            case FileSystemConfig files -> {
                FileStore store = files.openStore(egress, HostResolver.system());
                yield new Shared(system, files, new FileInvoker(files, store), store, store);
            }
            default -> throw new IllegalArgumentException("no connector for " + config.getClass().getSimpleName());
        };
    }

    /**
     * Makes a prepared generation current. The previous one is retired: its invokers that the new one does not
     * reuse are closed once nobody holds it.
     */
    public synchronized void activate(Connectors generation) {
        Connectors previous = current;
        current = held(generation);
        previous.release();
        previous.retire();
    }

    /** Gives up a prepared generation that will not be activated (its new invokers are closed). */
    public void discard(Connectors generation) {
        generation.retire();
    }

    /** The current generation, acquired: release it when done. */
    public Connectors acquire() {
        while (true) {
            Connectors generation = current;
            if (generation.acquire()) return generation;
        }
    }

    /** Runs {@code work} with the current generation held, so none of its invokers is closed meanwhile. */
    public <T> T withCurrent(Function<Connectors, T> work) {
        Connectors generation = acquire();
        try {
            return work.apply(generation);
        } finally {
            generation.release();
        }
    }

    /** The invoker of a system in the current generation (not held: for short calls; see {@link #withCurrent}). */
    @Override
    public Optional<OperationInvoker> forSystem(String system) {
        return current.forSystem(system);
    }

    /** The page reader of a system in the current generation (not held; see {@link #withCurrent}). */
    public Optional<PageReader> pageReader(String system) {
        return current.pageReader(system);
    }

    /** The HTTP invoker of a system in the current generation (not held; see {@link #withCurrent}). */
    public Optional<HttpInvoker> http(String system) {
        return current.http(system);
    }

    /** The circuit breaker state of a system's connector, if it has one (http, soap). */
    public Optional<CircuitState> circuitState(String system) {
        return current.circuitState(system);
    }

    @Override
    public synchronized void close() {
        Connectors last = current;
        current = new Connectors(new LinkedHashMap<>(), Map.of());
        last.release();
        last.retire();
    }
}
