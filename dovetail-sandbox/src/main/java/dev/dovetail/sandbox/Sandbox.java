package dev.dovetail.sandbox;

import dev.dovetail.sandbox.common.SandboxApp;
import dev.dovetail.sandbox.common.SandboxOptions;
import dev.dovetail.sandbox.crm.CrmSandbox;
import dev.dovetail.sandbox.erp.ErpSandbox;
import dev.dovetail.sandbox.oa.OaSandbox;
import dev.dovetail.sandbox.traffic.TrafficGenerator;
import dev.dovetail.sandbox.wms.WmsSandbox;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * Launcher: {@code java -jar dovetail-sandbox.jar crm|erp|oa|wms|all [--port N] [--state DIR]
 * [system options]}. Prints {@code SANDBOX <name> READY http://127.0.0.1:<port>} per system when
 * it serves, then runs until stopped (Ctrl-C / SIGTERM close every system cleanly).
 *
 * <p>{@code all} starts every registered system on its default port; {@code --state DIR} then
 * means {@code DIR/<name>} per system, and {@code --port} is not allowed. Exit codes: 0 stopped,
 * 1 a system failed to start, 2 usage error.
 */
public final class Sandbox {

    /**
     * A registered system.
     *
     * @param name    what the command line and {@code SandboxSystem.of(name)} call it
     * @param summary one line for {@code --help}
     * @param factory makes an unstarted instance from options
     */
    public record SystemEntry(String name, String summary, Function<SandboxOptions, SandboxApp> factory) {}

    /** The registry, in start order for {@code all}; a new system adds its line here. */
    private static final List<SystemEntry> SYSTEMS = List.of(
            new SystemEntry("crm", "modern SaaS CRM: REST/JSON, OAuth2, cursor paging, signed webhooks (port 9301)",
                    CrmSandbox::new),
            new SystemEntry("erp", "legacy ERP: H2 database over TCP (port 9312), SOAP sales orders (port 9302)",
                    ErpSandbox::new),
            new SystemEntry("oa", "approval system in DingTalk style: tokens, instances, callbacks (port 9303)",
                    OaSandbox::new),
            new SystemEntry("wms", "warehouse: CSV files (GBK or UTF-8 with BOM) over SFTP (port 9304), page on port 9314",
                    WmsSandbox::new));

    private Sandbox() {}

    /** Every registered system, in start order. */
    public static List<SystemEntry> systems() {
        return SYSTEMS;
    }

    public static Optional<SystemEntry> system(String name) {
        return SYSTEMS.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * An unstarted instance of a registered system.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static SandboxApp create(String name, SandboxOptions options) {
        return system(name).orElseThrow(() -> new IllegalArgumentException("unknown sandbox system '" + name
                        + "' (known: " + String.join(", ", SYSTEMS.stream().map(SystemEntry::name).toList()) + ")"))
                .factory().apply(options);
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            usage(args.length == 0 ? err : out);
            return args.length == 0 ? 2 : 0;
        }
        String which = args[0];
        if (which.equals("traffic")) return TrafficGenerator.run(Arrays.asList(args).subList(1, args.length), out, err);
        SandboxOptions options;
        List<SystemEntry> chosen;
        try {
            options = SandboxOptions.parse(Arrays.asList(args).subList(1, args.length));
            if (which.equals("all")) {
                if (options.port().isPresent()) {
                    throw new IllegalArgumentException("--port cannot be used with all (each system takes its default)");
                }
                chosen = SYSTEMS;
            } else {
                chosen = List.of(system(which).orElseThrow(() -> new IllegalArgumentException(
                        "unknown sandbox system '" + which + "'")));
            }
        } catch (IllegalArgumentException e) {
            err.println("sandbox: " + e.getMessage());
            usage(err);
            return 2;
        }
        List<SandboxApp> started = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closeAll(started);
            stopped.countDown();
        }, "sandbox-shutdown"));
        for (SystemEntry entry : chosen) {
            SandboxOptions own = options;
            if (which.equals("all") && options.state().isPresent()) {
                own = options.withState(options.state().get().resolve(entry.name()));
            }
            try {
                SandboxApp app = entry.factory().apply(own);
                synchronized (started) {
                    started.add(app);
                }
                app.start();
                out.println(app.readyLine());
                out.flush();
            } catch (Exception e) {
                err.println("sandbox: " + entry.name() + " failed to start: " + e);
                closeAll(started);
                return 1;
            }
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static void closeAll(List<SandboxApp> apps) {
        synchronized (apps) {
            for (SandboxApp app : apps.reversed()) {
                try {
                    app.close();
                } catch (RuntimeException e) {
                    System.err.println("sandbox: " + app.name() + " did not stop cleanly: " + e);
                }
            }
            apps.clear();
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: java -jar dovetail-sandbox.jar <system>|all [--port N] [--state DIR] [options]");
        out.println("systems:");
        for (SystemEntry s : SYSTEMS) {
            out.printf("  %-5s %s%n", s.name(), s.summary());
        }
        out.println("  all   every system above on its default port (--state DIR -> DIR/<name>)");
        out.println("  traffic  wins CRM opportunities and moves WMS stock at a rate (traffic --help)");
        out.println("state defaults to data/sandbox/<name>; see docs/sandbox.md for each system's options");
    }
}
