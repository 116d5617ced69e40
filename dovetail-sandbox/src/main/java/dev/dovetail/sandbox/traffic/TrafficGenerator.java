package dev.dovetail.sandbox.traffic;

import dev.dovetail.sandbox.common.ControlClient;
import dev.dovetail.sandbox.common.Json;
import dev.dovetail.sandbox.common.SandboxOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
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
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Business traffic for the sandbox, as the people of a small company make it: sales reps open opportunities
 * in the CRM and win them, and the warehouse's stock moves a little now and then.
 *
 * <p>Each step creates an opportunity in stage {@code Negotiation} with 1–3 lines of the seed products for one
 * of the seed accounts, through the CRM's REST API with an OAuth2 client-credentials token, then wins it
 * ({@code POST /api/opportunities/{id}/win}), which makes the CRM send its {@code opportunity.won} webhook.
 * Every {@code stock-every}-th step also changes the stock of one material in the WMS
 * ({@code POST /_control/stock}). It runs at {@code rate} won opportunities per second until {@code count}
 * are won or {@code duration} has passed (or for ever when neither is set).
 *
 * <p>Command line: {@code java -jar dovetail-sandbox.jar traffic [--crm URL] [--wms URL] [--rate 0.25]
 * [--count N] [--duration-seconds S] [--stock-every 3] [--client-id dovetail] [--client-secret S]
 * [--random-seed N] [--quiet]}.
 */
public final class TrafficGenerator {

    /** The seed accounts and products of the CRM sandbox (docs/sandbox.md, CRM seed data). */
    private static final int ACCOUNTS = 8;

    private static final String[][] PRODUCTS = {
            {"SKU-1", "100.50"}, {"SKU-2", "933.00"}, {"SKU-3", "25.80"},
            {"SKU-4", "68.00"}, {"SKU-5", "12.35"}, {"SKU-6", "2480.00"},
    };

    /** The materials the WMS sandbox keeps in stock. */
    private static final int MATERIALS = 8;

    /**
     * What to generate.
     *
     * @param crm          the CRM's base URL ({@code http://127.0.0.1:9301})
     * @param wms          the WMS's HTTP base URL for stock changes; empty: no stock changes
     * @param clientId     the CRM's OAuth2 client
     * @param clientSecret its secret
     * @param rate         won opportunities per second (&gt; 0)
     * @param count        stop after this many won opportunities; 0: no limit
     * @param duration     stop after this long; {@link Duration#ZERO}: no limit
     * @param stockEvery   change stock after every n-th opportunity; 0: never
     * @param randomSeed   seed of the choices (accounts, products, quantities)
     */
    public record Settings(URI crm, Optional<URI> wms, String clientId, String clientSecret, double rate, int count,
                           Duration duration, int stockEvery, long randomSeed) {
        public Settings {
            if (!(rate > 0) || Double.isInfinite(rate)) throw new IllegalArgumentException("--rate must be > 0, got " + rate);
            if (count < 0) throw new IllegalArgumentException("--count must be >= 0, got " + count);
            if (duration.isNegative()) throw new IllegalArgumentException("--duration-seconds must be >= 0");
            if (stockEvery < 0) throw new IllegalArgumentException("--stock-every must be >= 0, got " + stockEvery);
        }

        /** The defaults against a CRM at {@code crm}: 0.25 per second, no limit, no stock changes. */
        public static Settings against(URI crm) {
            return new Settings(crm, Optional.empty(), "dovetail", "crm-secret", 0.25, 0, Duration.ZERO, 3, 1);
        }

        public Settings withWms(URI value) {
            return new Settings(crm, Optional.of(value), clientId, clientSecret, rate, count, duration, stockEvery, randomSeed);
        }

        public Settings withRate(double value) {
            return new Settings(crm, wms, clientId, clientSecret, value, count, duration, stockEvery, randomSeed);
        }

        public Settings withCount(int value) {
            return new Settings(crm, wms, clientId, clientSecret, rate, value, duration, stockEvery, randomSeed);
        }

        public Settings withClientSecret(String value) {
            return new Settings(crm, wms, clientId, value, rate, count, duration, stockEvery, randomSeed);
        }

        /** From command-line options (see the class comment). */
        public static Settings from(SandboxOptions o) {
            return new Settings(
                    URI.create(trimSlash(o.value("crm", "http://127.0.0.1:9301"))),
                    o.value("wms").map(TrafficGenerator::trimSlash).map(URI::create),
                    o.value("client-id", "dovetail"),
                    o.valueOrEnv("client-secret", "CRM_CLIENT_SECRET", "crm-secret"),
                    o.doubleValue("rate", 0.25),
                    o.intValue("count", 0),
                    Duration.ofSeconds(o.longValue("duration-seconds", 0)),
                    o.intValue("stock-every", 3),
                    o.longValue("random-seed", System.nanoTime()));
        }
    }

    private final Settings settings;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Random random;
    private String token;

    /** @param out where each won opportunity is reported (one line each); {@code null}: quiet */
    public TrafficGenerator(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
        this.random = new Random(settings.randomSeed());
    }

    /** The command {@code traffic}: exit code 0 when done or stopped, 1 on failure, 2 for a usage error. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Settings settings;
        boolean quiet;
        try {
            SandboxOptions options = SandboxOptions.parse(args);
            if (options.flag("help")) {
                out.println("usage: java -jar dovetail-sandbox.jar traffic [--crm URL] [--wms URL] [--rate PER_SECOND]"
                        + " [--count N] [--duration-seconds S] [--stock-every N] [--client-id ID] [--client-secret S]"
                        + " [--random-seed N] [--quiet]");
                return 0;
            }
            settings = Settings.from(options);
            quiet = options.flag("quiet");
        } catch (IllegalArgumentException e) {
            err.println("traffic: " + e.getMessage());
            return 2;
        }
        TrafficGenerator generator = new TrafficGenerator(settings, quiet ? null : out);
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> {
            generator.stop();
            main.interrupt();
        }, "traffic-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            List<String> won = generator.run();
            out.println("TRAFFIC done: " + won.size() + " opportunities won");
            return 0;
        } catch (IllegalStateException e) {
            err.println("traffic: " + e.getMessage());
            return 1;
        }
    }

    /** Asks {@link #run()} to return after the step under way. */
    public void stop() {
        stopping.set(true);
    }

    /**
     * Generates traffic until the count or the duration is reached or {@link #stop()} is called.
     *
     * @return the ids of the opportunities won, in order
     * @throws IllegalStateException when the CRM refuses for good (wrong credentials, validation) or stays unreachable
     */
    public List<String> run() {
        List<String> won = new ArrayList<>();
        long periodNanos = (long) (1_000_000_000L / settings.rate());
        long started = System.nanoTime();
        long next = started;
        while (!stopping.get()) {
            if (settings.count() > 0 && won.size() >= settings.count()) break;
            if (!settings.duration().isZero() && System.nanoTime() - started >= settings.duration().toNanos()) break;
            if (!pauseUntil(next)) break;
            next += periodNanos;
            String id;
            try {
                id = winOne();
            } catch (IllegalStateException e) {
                if (stopping.get()) break;
                throw e;
            }
            won.add(id);
            if (settings.wms().isPresent() && settings.stockEvery() > 0 && won.size() % settings.stockEvery() == 0) {
                changeStock(settings.wms().get());
            }
        }
        return won;
    }

    /** Creates one opportunity and wins it; returns its id. */
    public String winOne() {
        String account = "ACC-" + (random.nextInt(ACCOUNTS) + 1);
        int lineCount = random.nextInt(3) + 1;
        List<Map<String, Object>> lines = new ArrayList<>();
        BigDecimal amount = BigDecimal.ZERO;
        List<Integer> skus = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5));
        for (int i = 0; i < lineCount; i++) {
            String[] product = PRODUCTS[skus.remove(random.nextInt(skus.size()))];
            int qty = random.nextInt(5) + 1;
            BigDecimal price = new BigDecimal(product[1]);
            amount = amount.add(price.multiply(BigDecimal.valueOf(qty)));
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("sku", product[0]);
            line.put("qty", qty);
            line.put("unitPrice", price);
            lines.add(line);
        }
        Map<String, Object> opportunity = new LinkedHashMap<>();
        opportunity.put("accountId", account);
        opportunity.put("name", "Demo deal " + Long.toString(random.nextLong() & 0xffffffL, 36));
        opportunity.put("stage", "Negotiation");
        opportunity.put("currency", "CNY");
        opportunity.put("lines", lines);
        Map<String, Object> created = crm("POST", "/api/opportunities", opportunity);
        String id = (String) created.get("id");
        crm("POST", "/api/opportunities/" + id + "/win", Map.of());
        if (out != null) {
            out.println("TRAFFIC won " + id + " " + account + " " + lineCount + " line(s) " + amount.toPlainString() + " CNY");
            out.flush();
        }
        return id;
    }

    private void changeStock(URI wms) {
        String sku = "WL" + (1001 + random.nextInt(MATERIALS));
        int delta = random.nextBoolean() ? random.nextInt(20) + 1 : -(random.nextInt(5) + 1);
        try {
            new ControlClient(wms).post("/_control/stock", Map.of("sku", sku, "delta", delta));
            if (out != null) out.println("TRAFFIC stock " + sku + " " + (delta > 0 ? "+" : "") + delta + " in the WMS");
        } catch (IllegalStateException e) {
            // a stock change is decoration: the WMS may be down for a demo of an outage
            if (out != null) out.println("TRAFFIC stock change skipped: " + e.getMessage());
        }
    }

    /** One CRM call with the bearer token; refreshes the token on 401, waits on 429 and 5xx, retries I/O errors. */
    private Map<String, Object> crm(String method, String path, Object body) {
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= 30 && !stopping.get(); attempt++) {
            if (token == null) {
                token = fetchToken();
            }
            HttpRequest request = HttpRequest.newBuilder(settings.crm().resolve(path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(Json.write(body)))
                    .build();
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                last = new IllegalStateException("cannot reach the CRM at " + settings.crm() + ": " + e, e);
                pause(Duration.ofSeconds(1));
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            int status = response.statusCode();
            if (status / 100 == 2) {
                return response.body().isBlank() ? Map.of() : Json.readObject(response.body());
            }
            last = new IllegalStateException(method + " " + path + " answered " + status + ": " + response.body());
            if (status == 401) {
                token = null;
            } else if (status == 429 || status / 100 == 5) {
                long seconds = response.headers().firstValue("Retry-After").map(TrafficGenerator::seconds).orElse(1L);
                pause(Duration.ofSeconds(Math.min(Math.max(seconds, 1), 30)));
            } else {
                throw last;
            }
        }
        throw last != null ? last : new IllegalStateException("stopped");
    }

    private String fetchToken() {
        String form = "grant_type=client_credentials&client_id=" + encode(settings.clientId()) + "&client_secret="
                + encode(settings.clientSecret());
        HttpRequest request = HttpRequest.newBuilder(settings.crm().resolve("/api/oauth/token"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the CRM refused the token request: " + response.statusCode() + " "
                        + response.body());
            }
            return (String) Json.readObject(response.body()).get("access_token");
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the CRM at " + settings.crm() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private boolean pauseUntil(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        return wait <= 0 || pause(Duration.ofNanos(wait));
    }

    /** False when interrupted or stopping. */
    private boolean pause(Duration duration) {
        try {
            Thread.sleep(duration);
            return !stopping.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping.set(true);
            return false;
        }
    }

    private static long seconds(String retryAfter) {
        try {
            return Long.parseLong(retryAfter.trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
