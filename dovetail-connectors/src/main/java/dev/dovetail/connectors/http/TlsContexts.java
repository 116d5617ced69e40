package dev.dovetail.connectors.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** Builds the {@link SSLContext} a system's {@link HttpTls} asks for. */
final class TlsContexts {

    private static final System.Logger LOG = System.getLogger(TlsContexts.class.getName());

    private TlsContexts() {}

    static SSLContext of(HttpTls tls, String system) {
        try {
            var keyManagers = tls.keyStore() == null ? null : keyManagers(tls.keyStore(), tls.keyStorePassword());
            TrustManager[] trustManagers;
            if (tls.insecure()) {
                LOG.log(System.Logger.Level.WARNING, "TLS VERIFICATION IS DISABLED for system ''{0}'': any certificate "
                        + "for any host is accepted, so anyone on the network path can read and change this traffic. "
                        + "Development only; never use tls.insecure in production.", system);
                trustManagers = new TrustManager[] {new TrustingEverything()};
            } else {
                var pkix = pkixTrustManager(tls.trustStore() == null ? null : trustStore(tls.trustStore(), tls.trustStorePassword()));
                if (!tls.verifyHostname()) {
                    LOG.log(System.Logger.Level.WARNING, "host name verification is off for system ''{0}'': a certificate "
                            + "of a trusted CA issued for any host is accepted", system);
                }
                trustManagers = new TrustManager[] {tls.verifyHostname() ? pkix : new ChainOnly(pkix)};
            }
            if (keyManagers == null && !tls.insecure() && tls.trustStore() == null && tls.verifyHostname()) {
                return SSLContext.getDefault();
            }
            var context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trustManagers, null);
            return context;
        } catch (IOException e) {
            throw new IllegalArgumentException("system " + system + ": cannot read a TLS store: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("system " + system + ": unusable TLS settings: " + e.getMessage(), e);
        }
    }

    private static KeyStore trustStore(Path file, String password) throws IOException, GeneralSecurityException {
        var bytes = Files.readAllBytes(file);
        if (new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----")) {
            var certificates = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes));
            var store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            var index = 0;
            for (var certificate : certificates) {
                store.setCertificateEntry("ca-" + index++, certificate);
            }
            if (index == 0) {
                throw new CertificateException("no certificate in " + file);
            }
            return store;
        }
        return KeyStore.getInstance(file.toFile(), password == null ? null : password.toCharArray()); // PKCS#12 or JKS
    }

    private static KeyManager[] keyManagers(Path file, String password) throws IOException, GeneralSecurityException {
        var secret = password == null ? new char[0] : password.toCharArray();
        var store = KeyStore.getInstance(file.toFile(), secret);
        var factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, secret);
        return factory.getKeyManagers();
    }

    private static X509ExtendedTrustManager pkixTrustManager(KeyStore store) throws GeneralSecurityException {
        var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store); // null: the JVM's default trust store
        for (var manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager available");
    }

    /**
     * Checks the certificate chain but not the host name: the JDK checks host names inside the
     * trust manager's engine/socket variants, so those delegate to the plain chain check.
     */
    private static final class ChainOnly extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager delegate;

        ChainOnly(X509ExtendedTrustManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            delegate.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            delegate.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }

    /**
     * Accepts every certificate. Being an {@link X509ExtendedTrustManager} it also replaces the host
     * name check, which the JDK performs inside the trust manager.
     */
    private static final class TrustingEverything extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
