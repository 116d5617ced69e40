package dev.dovetail.sandbox.erp;

import dev.dovetail.sandbox.common.HttpProblem;
import dev.dovetail.sandbox.common.HttpSandbox;
import dev.dovetail.sandbox.common.Request;
import dev.dovetail.sandbox.common.Response;
import dev.dovetail.sandbox.common.Router;
import dev.dovetail.sandbox.common.SandboxOptions;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A legacy on-premise ERP: its own H2 database with terse pinyin table names, open to
 * integrations over H2's TCP protocol, and a SOAP 1.1 service for sales orders. No REST API for
 * business data, as with many old ERPs.
 *
 * <p>Options: {@code --port} (HTTP, default 9302), {@code --db-port} (default 9312; when absent and
 * {@code --port 0} is given, any free port), {@code --db-password} (else environment variable
 * {@code ERP_DB_PASSWORD}, else {@code erp-password}), {@code --seed} (seed when the database has
 * no customers).
 *
 * <p>While the system is "down" (fault injection) the database port is closed too, as when the
 * ERP server is off; {@code failNext} and latency apply to SOAP calls only.
 */
public final class ErpSandbox extends HttpSandbox {

    public static final int DEFAULT_PORT = 9302;
    public static final int DEFAULT_DB_PORT = 9312;

    private final Clock clock;
    private ErpDatabase database;
    private SalesOrders orders;
    private DatabaseOutage outage;

    public ErpSandbox(SandboxOptions options) {
        this(options, Clock.systemUTC());
    }

    ErpSandbox(SandboxOptions options, Clock clock) {
        super("erp", DEFAULT_PORT, options);
        this.clock = clock;
    }

    /** JDBC URL of the ERP database for integrations: user {@code erp}, password as configured. */
    public String jdbcUrl() {
        return database().jdbcUrl();
    }

    /** The port of the database's TCP server. */
    public int dbPort() {
        return database().port();
    }

    @Override
    public Map<String, String> endpoints() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("db", jdbcUrl());
        out.put("wsdl", baseUrl() + SalesOrderEndpoint.PATH + "?wsdl");
        return out;
    }

    @Override
    protected void onStart() {
        SandboxOptions o = options();
        int defaultDbPort = o.port().isPresent() && o.port().getAsInt() == 0 ? 0 : DEFAULT_DB_PORT;
        int dbPort = o.intValue("db-port", defaultDbPort);
        String password = o.valueOrEnv("db-password", "ERP_DB_PASSWORD", "erp-password");
        database = ErpDatabase.open(state().resolve("db"), dbPort, password);
        orders = new SalesOrders(database, clock);
        try {
            if (o.flag("seed") && hasNoCustomers()) {
                seed();
            }
        } catch (RuntimeException e) {
            database.close(); // onStop() is not called when start() fails
            database = null;
            throw e;
        }
        outage = DatabaseOutage.watch(database, faults());
    }

    @Override
    protected void onStop() {
        if (outage != null) {
            outage.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Override
    protected void routes(Router router) {
        var endpoint = new SalesOrderEndpoint(orders, stats(), this::baseUrl);
        router.get(SalesOrderEndpoint.PATH, endpoint::wsdl);
        router.post(SalesOrderEndpoint.PATH, endpoint::call);
    }

    /** Injected faults and outages on the SOAP path answer like a failing SOAP stack: soap:Server faults. */
    @Override
    protected Response problem(HttpProblem problem) {
        if (problem.code().equals("unavailable") || problem.code().equals("injected_fault")) {
            Response response = SalesOrderEndpoint.injectedFault(problem.status(),
                    problem.code().equals("unavailable"), problem.getMessage());
            for (var header : problem.headers().entrySet()) {
                response = response.withHeader(header.getKey(), header.getValue());
            }
            return response;
        }
        return super.problem(problem);
    }

    @Override
    protected void reset() {
        orders().exclusively(c -> {
            ErpSchema.empty(c);
            return null;
        });
    }

    @Override
    protected void seed() {
        orders().exclusively(c -> {
            ErpSeed.merge(c);
            return null;
        });
    }

    @Override
    protected String page(Request request) {
        return ErpPage.render(database(), jdbcUrl(), baseUrl() + SalesOrderEndpoint.PATH + "?wsdl");
    }

    private boolean hasNoCustomers() {
        return database.inTransaction(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM KH_KHXX")) {
                rs.next();
                return rs.getLong(1) == 0;
            }
        });
    }

    private SalesOrders orders() {
        if (orders == null) {
            throw new IllegalStateException("erp is not started");
        }
        return orders;
    }

    private ErpDatabase database() {
        if (database == null) {
            throw new IllegalStateException("erp is not started");
        }
        return database;
    }
}
