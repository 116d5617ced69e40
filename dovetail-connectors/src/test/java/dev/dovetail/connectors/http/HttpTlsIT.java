package dev.dovetail.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.dovetail.spi.DeliveryOutcome.Delivered;
import dev.dovetail.spi.DeliveryOutcome.RetryLater;
import dev.dovetail.spi.OperationCall;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real HTTPS server whose self-signed certificate is made with the JDK's keytool. */
class HttpTlsIT {

    private static final String PASSWORD = "test-only";

    @TempDir
    static Path folder;

    private static HttpsServer server;
    private static HttpsServer mutualServer; // demands a client certificate
    private static Path clientKeyStore;
    private static Path serverCa;
    private static Path otherCa;

    @BeforeAll
    static void startHttpsServer() throws Exception {
        var keyStore = folder.resolve("server.p12");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        serverCa = folder.resolve("server-ca.pem");
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-file", serverCa.toString());
        otherCa = folder.resolve("other-ca.pem");
        Files.writeString(otherCa, someCaOfTheJdk());

        var store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        var keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD.toCharArray());
        var context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        server = start(new HttpsConfigurator(context));

        clientKeyStore = folder.resolve("client.p12");
        keytool("-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=dovetail",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", clientKeyStore.toString(), "-storepass", PASSWORD,
                "-keypass", PASSWORD);
        var clientTrust = KeyStore.getInstance("PKCS12");
        clientTrust.load(null, null);
        var clientStore = KeyStore.getInstance(clientKeyStore.toFile(), PASSWORD.toCharArray());
        clientTrust.setCertificateEntry("client", clientStore.getCertificate("client"));
        var trust = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trust.init(clientTrust);
        var mutualContext = SSLContext.getInstance("TLS");
        mutualContext.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        mutualServer = start(new HttpsConfigurator(mutualContext) {
            @Override
            public void configure(com.sun.net.httpserver.HttpsParameters params) {
                var parameters = mutualContext.getDefaultSSLParameters();
                parameters.setNeedClientAuth(true);
                params.setSSLParameters(parameters);
            }
        });
    }

    private static HttpsServer start(HttpsConfigurator configurator) throws IOException {
        var https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        https.setHttpsConfigurator(configurator);
        https.createContext("/", exchange -> {
            try (exchange) {
                var body = "{\"secure\":true}".getBytes();
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        https.start();
        return https;
    }

    @AfterAll
    static void stopHttpsServers() {
        for (var https : new HttpsServer[] {server, mutualServer}) {
            if (https != null) {
                https.stop(0);
            }
        }
    }

    /** A real CA certificate that did not sign the test server's certificate, as PEM. */
    private static String someCaOfTheJdk() throws Exception {
        var cacerts = KeyStore.getInstance(Path.of(System.getProperty("java.home"), "lib", "security", "cacerts").toFile(),
                (char[]) null);
        var alias = cacerts.aliases().nextElement();
        return "-----BEGIN CERTIFICATE-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(cacerts.getCertificate(alias).getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        var command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("keytool %s: %s", args[0], output).isZero();
    }

    private static Object call(HttpTls tls) {
        return call(tls, "https://localhost:" + server.getAddress().getPort());
    }

    private static Object call(HttpTls tls, String baseUrl) {
        var config = HttpSystemConfig.of("secure", URI.create(baseUrl))
                .withTls(tls)
                .withOperation("get", HttpOperationConfig.of("GET", "/status"));
        try (var invoker = HttpInvoker.create(config)) {
            return invoker.invoke(OperationCall.of("secure", "get"));
        }
    }

    @Test
    void a_server_signed_by_the_configured_ca_file_is_trusted() {
        assertThat(call(HttpTls.trusting(serverCa))).isInstanceOfSatisfying(Delivered.class,
                delivered -> assertThat(delivered.response()).isEqualTo(java.util.Map.of("secure", true)));
    }

    @Test
    void a_pkcs12_trust_store_works_like_a_pem_file() throws Exception {
        var store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (var in = Files.newInputStream(serverCa)) {
            store.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        var file = folder.resolve("trust.p12");
        try (var out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD.toCharArray());
        }
        assertThat(call(new HttpTls(file, PASSWORD, null, null, true, false))).isInstanceOf(Delivered.class);
    }

    @Test
    void a_certificate_for_another_host_name_fails_unless_host_name_verification_is_off() {
        var asLocalhostAlias = "https://127.0.0.1:" + server.getAddress().getPort(); // the certificate names only localhost
        assertThat(call(HttpTls.trusting(serverCa), asLocalhostAlias)).isInstanceOf(RetryLater.class);
        assertThat(call(HttpTls.trusting(serverCa).withoutHostnameVerification(), asLocalhostAlias)).isInstanceOf(Delivered.class);
    }

    @Test
    void a_self_signed_server_is_not_trusted_by_default() {
        assertThat(call(HttpTls.systemDefault())).isInstanceOfSatisfying(RetryLater.class,
                later -> assertThat(later.reason()).startsWith("TLS failed"));
    }

    @Test
    void a_server_not_signed_by_the_configured_ca_is_not_trusted() {
        assertThat(call(HttpTls.trusting(otherCa))).isInstanceOfSatisfying(RetryLater.class,
                later -> assertThat(later.reason()).startsWith("TLS failed"));
    }

    @Test
    void insecure_mode_accepts_any_certificate() {
        assertThat(call(HttpTls.insecureForDevelopment())).isInstanceOf(Delivered.class);
    }

    @Test
    void a_client_certificate_from_the_key_store_satisfies_a_server_that_demands_one() {
        var mutualUrl = "https://localhost:" + mutualServer.getAddress().getPort();
        assertThat(call(HttpTls.trusting(serverCa), mutualUrl)).isInstanceOf(RetryLater.class);
        assertThat(call(HttpTls.trusting(serverCa).withClientCertificate(clientKeyStore, PASSWORD), mutualUrl))
                .isInstanceOf(Delivered.class);
    }
}
