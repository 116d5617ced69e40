package dev.dovetail.connectors.http;

import java.nio.file.Path;

/**
 * The TLS settings of a system ({@code connection.tls}).
 *
 * <p>Without a {@code trustStore}, the JVM's default trust store is used. With one, only the
 * certificate authorities in it are trusted (as {@code curl --cacert} does), which suits systems
 * behind a private CA. The trust store is a PEM file of CA certificates or a PKCS#12/JKS key store.
 * A {@code keyStore} (PKCS#12 or JKS) holds a client certificate and key for mutual TLS.
 *
 * <p>{@code verifyHostname: false} still checks the certificate chain but accepts a certificate
 * issued for another host name. {@code insecure} trusts any certificate for any host; it exists
 * for development against self-signed servers, is logged as a warning every time a system is set
 * up with it, and must never be used in production.
 *
 * @param trustStore CA certificates to trust, or {@code null} for the JVM's defaults
 * @param trustStorePassword the trust store's password (key stores only), or {@code null}
 * @param keyStore the client certificate and key, or {@code null}
 * @param keyStorePassword the key store's password (also used for the key), or {@code null}
 * @param verifyHostname check that the certificate was issued for the host connected to
 * @param insecure skip every certificate check
 */
public record HttpTls(
        Path trustStore, String trustStorePassword, Path keyStore, String keyStorePassword, boolean verifyHostname, boolean insecure) {

    public HttpTls {
        if (insecure && trustStore != null) {
            throw new IllegalArgumentException("insecure TLS trusts everything; it cannot be combined with a trustStore");
        }
    }

    /** The JVM's default trust store, host names verified. */
    public static HttpTls systemDefault() {
        return new HttpTls(null, null, null, null, true, false);
    }

    /** Only the CAs in this PEM file (or key store without a password). */
    public static HttpTls trusting(Path trustStore) {
        return new HttpTls(trustStore, null, null, null, true, false);
    }

    /** No verification at all. Development only. */
    public static HttpTls insecureForDevelopment() {
        return new HttpTls(null, null, null, null, false, true);
    }

    public HttpTls withClientCertificate(Path newKeyStore, String password) {
        return new HttpTls(trustStore, trustStorePassword, newKeyStore, password, verifyHostname, insecure);
    }

    public HttpTls withoutHostnameVerification() {
        return new HttpTls(trustStore, trustStorePassword, keyStore, keyStorePassword, false, insecure);
    }

    @Override
    public String toString() {
        return insecure ? "HttpTls[INSECURE]"
                : "HttpTls[trustStore=" + (trustStore == null ? "JVM default" : trustStore) + ", keyStore=" + keyStore
                        + ", verifyHostname=" + verifyHostname + "]";
    }
}
