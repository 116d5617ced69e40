package dev.dovetail.sandbox.common;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Base of a sandbox system served over HTTP on 127.0.0.1 (loopback only).
 *
 * <p>Lifecycle of {@link #start()}: open the state folder → {@link #onStart()} (load state, start
 * extra servers) → register the common routes, then {@link #routes(Router)} → bind the port.
 * {@link #close()} stops the HTTP server, then calls {@link #onStop()}.
 *
 * <p>Common routes, registered before the system's own:
 * <ul>
 *   <li>{@code GET /} → {@link #page(Request)} (HTML)</li>
 *   <li>{@code GET /_control/health} → {@code {"status":"UP","system":name}}</li>
 *   <li>{@code POST /_control/reset} → {@link #reset()}, then faults and stats are cleared</li>
 *   <li>{@code POST /_control/seed} → {@link #seed()}</li>
 *   <li>{@code GET /_control/faults}, {@code POST /_control/faults} (merge settings, see
 *       {@link Faults}), {@code DELETE /_control/faults} (clear)</li>
 *   <li>{@code GET /_control/stats} → {@link Stats#snapshot()}</li>
 * </ul>
 * Faults apply to every path except {@code /_control/...} and {@code GET /}. A system may add
 * its own control routes under {@code /_control/}; they are exempt from faults too.
 *
 * <p>Errors: a handler throws {@link HttpProblem}; {@link #problem(HttpProblem)} renders it
 * (override for a system's own error style). Unknown paths answer 404, a known path with another
 * method 405, an unexpected exception 500. Request bodies are limited to 16 MB.
 */
public abstract class HttpSandbox implements SandboxApp {

    private static final int MAX_BODY = 16 * 1024 * 1024;

    private final String name;
    private final int defaultPort;
    private final SandboxOptions options;
    private final Stats stats = new Stats();
    private final Faults faults = new Faults(stats);
    private StateDir state;
    private HttpServer server;
    private ExecutorService executor;
    private boolean closed;

    /**
     * @param name        short system name ({@code crm}...), also the default state folder
     *                    {@code data/sandbox/<name>}
     * @param defaultPort the port when {@code --port} is not given
     * @param options     parsed options
     */
    protected HttpSandbox(String name, int defaultPort, SandboxOptions options) {
        this.name = name;
        this.defaultPort = defaultPort;
        this.options = options;
    }

    /** Registers the system's routes. */
    protected abstract void routes(Router router);

    /** Wipes all records (and anything else the system remembers) so it is empty. */
    protected abstract void reset() throws Exception;

    /** Adds the deterministic seed records (the same every time; existing ids are overwritten). */
    protected abstract void seed() throws Exception;

    /** The HTML page at {@code /}: usually {@link HtmlPage}{@code .titled(..)...render()}. */
    protected abstract String page(Request request) throws Exception;

    /** Called by {@link #start()} before the HTTP port is bound; the state folder is open. */
    protected void onStart() throws Exception {}

    /** Called by {@link #close()} after the HTTP server stopped. */
    protected void onStop() {}

    /** Renders an error. Default: {@code {"error": code, "message": message}} as JSON. */
    protected Response problem(HttpProblem problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", problem.code());
        body.put("message", problem.getMessage());
        Response response = Response.json(problem.status(), body);
        for (var header : problem.headers().entrySet()) {
            response = response.withHeader(header.getKey(), header.getValue());
        }
        return response;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final synchronized void start() throws Exception {
        if (server != null || closed) {
            throw new IllegalStateException(name + " was already started; create a new instance");
        }
        state = StateDir.at(options.state().orElse(Path.of("data", "sandbox", name)));
        onStart();
        Router router = new Router();
        commonRoutes(router);
        routes(router);
        int port = options.port().orElse(defaultPort);
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        executor = Executors.newVirtualThreadPerTaskExecutor();
        http.setExecutor(executor);
        http.createContext("/", exchange -> serve(router, exchange));
        http.start();
        server = http;
    }

    @Override
    public final synchronized int port() {
        if (server == null) {
            throw new IllegalStateException(name + " is not started");
        }
        return server.getAddress().getPort();
    }

    @Override
    public final URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port());
    }

    @Override
    public Map<String, String> endpoints() {
        return Map.of();
    }

    @Override
    public final synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
        onStop();
    }

    /** The parsed options. */
    protected final SandboxOptions options() {
        return options;
    }

    /** The state folder (open from {@link #onStart()} on). */
    protected final StateDir state() {
        if (state == null) {
            throw new IllegalStateException("state is open from onStart() on");
        }
        return state;
    }

    /** This system's fault injection (also for non-HTTP doors). */
    public final Faults faults() {
        return faults;
    }

    /** This system's counters. */
    public final Stats stats() {
        return stats;
    }

    private void commonRoutes(Router router) {
        router.get("/", request -> Response.html(page(request)));
        router.get("/_control/health", request -> Response.json(Map.of("status", "UP", "system", name)));
        router.post("/_control/reset", request -> {
            reset();
            faults.clear();
            stats.clear();
            return Response.json(Map.of("ok", true));
        });
        router.post("/_control/seed", request -> {
            seed();
            return Response.json(Map.of("ok", true));
        });
        router.get("/_control/faults", request -> Response.json(faults.snapshot()));
        router.post("/_control/faults", request -> {
            try {
                faults.configure(request.jsonBody());
            } catch (IllegalArgumentException e) {
                throw HttpProblem.badRequest(e.getMessage());
            }
            return Response.json(faults.snapshot());
        });
        router.delete("/_control/faults", request -> {
            faults.clear();
            return Response.json(faults.snapshot());
        });
        router.get("/_control/stats", request -> Response.json(stats.snapshot()));
    }

    private void serve(Router router, HttpExchange exchange) {
        try (exchange) {
            Response response;
            try {
                response = answer(router, exchange);
            } catch (HttpProblem p) {
                response = problem(p);
            }
            stats.increment("responses." + response.status());
            send(exchange, response);
        } catch (IOException | RuntimeException e) {
            // the client went away, or a response could not be written: nothing left to answer
            stats.increment("responses.unsent");
        }
    }

    private Response answer(Router router, HttpExchange exchange) throws IOException {
        stats.increment("requests");
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = exchange.getRequestURI().getPath();
        byte[] body = readBody(exchange);
        boolean exempt = path.startsWith("/_control/") || (path.equals("/") && method.equals("GET"));
        if (!exempt) {
            Optional<Faults.Injected> injected = faults.apply();
            if (injected.isPresent()) {
                Faults.Injected f = injected.get();
                Map<String, String> headers = f.retryAfterSeconds() > 0
                        ? Map.of("Retry-After", Long.toString(f.retryAfterSeconds()))
                        : Map.of();
                return problem(new HttpProblem(f.status(), f.reason().equals("down") ? "unavailable" : "injected_fault",
                        name + " sandbox: " + f.reason(), headers));
            }
        }
        Optional<Router.Match> match = router.match(method, path);
        if (match.isEmpty()) {
            return problem(router.matchesOtherMethod(path)
                    ? new HttpProblem(405, "method_not_allowed", method + " is not allowed on " + path)
                    : HttpProblem.notFound("no such path: " + path));
        }
        Request request = new Request(exchange, method, path, match.get().pathParams(), body);
        try {
            return match.get().handler().handle(request);
        } catch (HttpProblem p) {
            return problem(p);
        } catch (Exception e) {
            stats.increment("errors");
            return problem(new HttpProblem(500, "internal_error", e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw new HttpProblem(413, "too_large", "request body over " + MAX_BODY + " bytes");
            }
            return body;
        }
    }

    private static void send(HttpExchange exchange, Response response) throws IOException {
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        boolean noBody = response.body().length == 0 || response.status() == 204 || response.status() == 304
                || exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
    }
}
