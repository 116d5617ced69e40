package dev.dovetail.connectors.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * One system's HTTP/1.1 connections: Apache HttpClient 5's classic (blocking) client over a connection pool, called
 * on the caller's (virtual) thread, so an exchange costs no hand-offs between threads. It sends exactly what it is
 * given — no redirects followed, no retries, no cookies, no content decoding — and reads the answer within the
 * system's size limit. Timeouts come back as the JDK's {@link HttpTimeoutException} and
 * {@link HttpConnectTimeoutException}, so {@link OutcomeClassifier} reads every failure the same way.
 * See docs/adr/0017-http-client.md.
 */
final class ClassicExchanges implements AutoCloseable {

    /** An answer as read off the wire: status, headers in arrival order (names as sent), body within the limit. */
    record Received(int status, Map<String, List<String>> headers, byte[] body) {
        String firstHeader(String name) {
            for (var entry : headers.entrySet()) {
                if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                    return entry.getValue().getFirst();
                }
            }
            return null;
        }
    }

    /** How much of an error answer is kept: enough for an excerpt in any charset. */
    static final int ERROR_BODY_LIMIT = 64 * 1024;

    /** Cancels exchanges that run past their whole-exchange deadline; one daemon thread for every system. */
    private static final ScheduledExecutorService DEADLINES = deadlines();

    private final CloseableHttpClient client;
    private final long maxResponseBytes;

    /** Where a connection to a host may go: every address returned is connected to only after this answered. */
    @FunctionalInterface
    interface ConnectAddresses {
        InetAddress[] of(String host) throws UnknownHostException;
    }

    ClassicExchanges(SSLContext sslContext, HttpTls tls, HttpLimits limits, ConnectAddresses addresses) {
        boolean checkHost = tls.verifyHostname() && !tls.insecure();
        var tlsStrategy = checkHost
                ? new DefaultClientTlsStrategy(sslContext, HostnameVerificationPolicy.BOTH, null)
                : new DefaultClientTlsStrategy(sslContext, HostnameVerificationPolicy.CLIENT, NoopHostnameVerifier.INSTANCE);
        // the system's concurrency bound is enforced before a request gets here; the pool only must not be tighter
        int connections = limits.concurrency() == 0 ? 1024 : Math.max(limits.concurrency(), 1);
        var pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setTlsSocketStrategy(tlsStrategy)
                .setDnsResolver(new DnsResolver() {
                    @Override
                    public InetAddress[] resolve(String host) throws UnknownHostException {
                        return addresses.of(host);
                    }

                    @Override
                    public String resolveCanonicalHostname(String host) {
                        return host; // only Kerberos/SPNEGO asks; the hub never uses them
                    }
                })
                .setMaxConnTotal(connections)
                .setMaxConnPerRoute(connections)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(limits.connectTimeout()))
                        .setSocketTimeout(Timeout.of(limits.timeout()))
                        // a pooled connection idle this long is checked before reuse (the server may have closed it)
                        .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                        .build())
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(pool)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .setUserAgent("Dovetail")
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
        this.maxResponseBytes = limits.maxResponseBytes();
    }

    /**
     * Sends the request and reads the whole answer within {@code timeout}: a successful answer larger than the
     * system's limit fails with {@link ResponseTooLarge}; an error answer is cut after its
     * first {@value #ERROR_BODY_LIMIT} bytes.
     *
     * @throws IOException when no complete answer came: connection, TLS or I/O failure, timeout, size limit
     * @throws IllegalArgumentException when a header cannot be sent
     */
    Received exchange(OutgoingRequest request, Duration timeout) throws IOException {
        var call = new HttpUriRequestBase(request.method(), request.uri());
        for (var header : request.headerList()) {
            call.addHeader(header.name(), header.value());
        }
        if (request.body().length > 0 || request.contentType() != null || expectsBody(request.method())) {
            // the Content-Type header, if any, is among the headers as given
            call.setEntity(new ByteArrayEntity(request.body(), null));
        }
        call.setConfig(RequestConfig.custom()
                .setResponseTimeout(Timeout.of(timeout))
                .setConnectionRequestTimeout(Timeout.of(timeout))
                .build());
        var timedOut = new AtomicBoolean();
        ScheduledFuture<?> deadline = DEADLINES.schedule(() -> {
            timedOut.set(true);
            call.cancel();
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        try (ClassicHttpResponse response = client.executeOpen(null, call, null)) {
            int status = response.getCode();
            var headers = new LinkedHashMap<String, List<String>>();
            for (Header header : response.getHeaders()) {
                headers.computeIfAbsent(header.getName(), name -> new ArrayList<>(1)).add(header.getValue());
            }
            var entity = response.getEntity();
            byte[] body = new byte[0];
            if (entity != null) {
                boolean success = status >= 200 && status < 300;
                long limit = success ? maxResponseBytes : Math.min(maxResponseBytes, ERROR_BODY_LIMIT);
                // not closed on purpose when cut short: closing the response then drops the connection instead of
                // reading the rest of a large body to keep it
                InputStream in = entity.getContent();
                body = readUpTo(in, limit);
                if (body.length > limit) {
                    if (success) throw new ResponseTooLarge(limit);
                    body = java.util.Arrays.copyOf(body, (int) limit);
                } else {
                    in.close(); // at its end: the connection goes back to the pool
                }
            }
            return new Received(status, headers, body);
        } catch (ConnectTimeoutException e) {
            throw new HttpConnectTimeoutException("connect timed out");
        } catch (SocketTimeoutException e) {
            throw new HttpTimeoutException("timed out");
        } catch (IOException e) {
            if (timedOut.get()) throw new HttpTimeoutException("timed out");
            throw e;
        } finally {
            deadline.cancel(false);
        }
    }

    /** Stops the pool; exchanges under way fail. */
    @Override
    public void close() {
        client.close(CloseMode.IMMEDIATE);
    }

    private static boolean expectsBody(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }

    /** Reads up to {@code limit + 1} bytes, so a caller sees whether the body went past the limit. */
    private static byte[] readUpTo(InputStream in, long limit) throws IOException {
        int cap = (int) Math.min(limit + 1, Integer.MAX_VALUE - 8);
        return in.readNBytes(cap);
    }

    private static ScheduledExecutorService deadlines() {
        var executor = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("dovetail-http-deadlines").daemon(true).factory());
        executor.setRemoveOnCancelPolicy(true);
        return Executors.unconfigurableScheduledExecutorService(executor);
    }
}
