package dev.dovetail.sandbox.junit;

import dev.dovetail.sandbox.Sandbox;
import dev.dovetail.sandbox.common.ControlClient;
import dev.dovetail.sandbox.common.SandboxApp;
import dev.dovetail.sandbox.common.SandboxOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a sandbox system in-process on a free port with a fresh temporary state folder, for
 * integration tests:
 *
 * <pre>{@code
 * @RegisterExtension
 * static SandboxSystem crm = SandboxSystem.crm().withOption("rate-limit", "1000");
 *
 * @Test void something() {
 *     crm.control().reset();
 *     http.send(HttpRequest.newBuilder(crm.baseUrl().resolve("/api/accounts"))...);
 * }
 * }</pre>
 *
 * A {@code static} field starts the system once before all tests of the class and stops it after
 * them; an instance field starts and stops it around each test. The state folder is deleted at the
 * end. Shipped in the test-jar of dovetail-sandbox ({@code <type>test-jar</type>}).
 */
public final class SandboxSystem implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final String name;
    private SandboxOptions options = SandboxOptions.defaults();
    private SandboxApp app;
    private Path stateDir;
    private boolean perTest;
    private int port;

    private SandboxSystem(String name) {
        this.name = name;
    }

    public static SandboxSystem crm() {
        return of("crm");
    }

    public static SandboxSystem erp() {
        return of("erp");
    }

    public static SandboxSystem oa() {
        return of("oa");
    }

    public static SandboxSystem wms() {
        return of("wms");
    }

    /** Any system registered in {@link Sandbox}. */
    public static SandboxSystem of(String name) {
        return new SandboxSystem(name);
    }

    /** A system option, as {@code --name value} on the command line. Call before the system starts. */
    public SandboxSystem withOption(String optionName, String value) {
        options = options.plus(optionName, value);
        return this;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI baseUrl() {
        return running().baseUrl();
    }

    public int port() {
        return running().port();
    }

    /** Client for reset / seed / faults / stats. */
    public ControlClient control() {
        return new ControlClient(baseUrl());
    }

    /** The running instance (cast it to the system's class for in-process access). */
    public SandboxApp app() {
        return running();
    }

    /** The temporary state folder. */
    public Path stateDir() {
        return stateDir;
    }

    /** Starts it now (also done by the JUnit callbacks); no-op when running. */
    public synchronized void start() throws Exception {
        if (app != null) {
            return;
        }
        if (stateDir == null) {
            stateDir = Files.createTempDirectory("sandbox-" + name + "-");
        }
        SandboxApp fresh = Sandbox.create(name, options.withState(stateDir).withPort(port));
        fresh.start();
        app = fresh;
        port = fresh.port();
    }

    /** Stops the system; its state folder is kept (see {@link #restart()}). */
    public synchronized void stop() {
        if (app != null) {
            app.close();
            app = null;
        }
    }

    /** Stops and starts again on the same port with the same state folder, as after a crash-free restart. */
    public synchronized void restart() throws Exception {
        stop();
        start();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        finish();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (app == null) {
            perTest = true;
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest) {
            finish();
        }
    }

    private synchronized void finish() {
        stop();
        port = 0;
        if (stateDir != null) {
            deleteRecursively(stateDir);
            stateDir = null;
        }
    }

    private synchronized SandboxApp running() {
        if (app == null) {
            throw new IllegalStateException(name + " sandbox is not running (register with @RegisterExtension)");
        }
        return app;
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
