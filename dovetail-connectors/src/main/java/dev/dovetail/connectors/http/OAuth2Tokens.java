package dev.dovetail.connectors.http;

import dev.dovetail.spi.DeliveryOutcome;
import dev.dovetail.spi.DeliveryOutcome.Delivered;
import dev.dovetail.spi.DeliveryOutcome.Rejected;
import dev.dovetail.spi.DeliveryOutcome.RetryLater;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * OAuth2 client-credentials tokens for one system: cached, replaced {@code refreshBefore} expiry,
 * and replaced after a 401. Callers that need a new token at the same time share one token request
 * (and its failure), so a burst of calls never becomes a burst of token requests.
 */
final class OAuth2Tokens implements Authenticator {

    private record Token(String value, Instant refreshAt) {}

    private final HttpAuth.OAuth2ClientCredentials config;
    private final TokenEndpoint endpoint;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock(); // not synchronized: callers are virtual threads
    private volatile Token current;
    private CompletableFuture<Token> inFlight; // guarded by lock

    OAuth2Tokens(HttpAuth.OAuth2ClientCredentials config, TokenEndpoint endpoint, Clock clock) {
        this.config = config;
        this.endpoint = endpoint;
        this.clock = clock;
    }

    @Override
    public OutgoingRequest apply(OutgoingRequest request) {
        return request.withHeader("Authorization", "Bearer " + token().value());
    }

    @Override
    public boolean renewAfterUnauthorized(OutgoingRequest sent) {
        var header = sent.headers().get("authorization");
        lock.lock();
        try {
            var token = current;
            if (token != null && header != null && header.value().equals("Bearer " + token.value())) {
                current = null; // the next caller fetches a new one; callers that already did keep theirs
            }
        } finally {
            lock.unlock();
        }
        return true;
    }

    private Token token() {
        var token = current;
        if (isFresh(token)) {
            return token;
        }
        CompletableFuture<Token> shared;
        var fetching = false;
        lock.lock();
        try {
            token = current;
            if (isFresh(token)) {
                return token;
            }
            if (inFlight == null) {
                inFlight = new CompletableFuture<>();
                fetching = true;
            }
            shared = inFlight;
        } finally {
            lock.unlock();
        }
        if (fetching) {
            try {
                var fetched = fetch();
                lock.lock();
                try {
                    current = fetched;
                    inFlight = null;
                } finally {
                    lock.unlock();
                }
                shared.complete(fetched);
            } catch (RuntimeException e) {
                lock.lock();
                try {
                    inFlight = null;
                } finally {
                    lock.unlock();
                }
                shared.completeExceptionally(e);
                throw e;
            }
        }
        try {
            return shared.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof Failed failed) {
                throw new Failed(failed.outcome);
            }
            throw e;
        }
    }

    private boolean isFresh(Token token) {
        return token != null && (token.refreshAt() == null || clock.instant().isBefore(token.refreshAt()));
    }

    private Token fetch() {
        var form = new LinkedHashMap<String, String>();
        form.put("grant_type", "client_credentials");
        if (config.scope() != null) {
            form.put("scope", config.scope());
        }
        if (config.audience() != null) {
            form.put("audience", config.audience());
        }
        var headers = new LinkedHashMap<String, String>();
        if (config.clientAuthentication() == HttpAuth.ClientAuthentication.BASIC) {
            // RFC 6749 §2.3.1: id and secret are form-encoded before they go into Basic
            var credentials = formEncode(config.clientId()) + ":" + formEncode(config.clientSecret());
            headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        } else {
            form.put("client_id", config.clientId());
            form.put("client_secret", config.clientSecret());
        }
        var requestedAt = clock.instant();
        var outcome = endpoint.postForm(config.tokenUrl(), form, headers);
        return switch (outcome) {
            case Delivered delivered -> parse(delivered, requestedAt);
            case RetryLater later -> throw new Failed(new RetryLater(later.after(),
                    "OAuth2 token request failed: " + later.reason(), later.status(), later.responseExcerpt()));
            case Rejected rejected -> throw new Failed(new Rejected(
                    "OAuth2 token request refused: " + rejected.reason(), rejected.status(), rejected.responseExcerpt()));
        };
    }

    private Token parse(Delivered delivered, Instant requestedAt) {
        if (!(delivered.response() instanceof Map<?, ?> answer) || !(answer.get("access_token") instanceof String value)
                || value.isBlank()) {
            throw new Failed(new Rejected("OAuth2 token endpoint answered without an access_token", delivered.status(),
                    DeliveryOutcome.excerpt(String.valueOf(delivered.response()))));
        }
        var expiresIn = switch (answer.get("expires_in")) {
            case Number n -> new BigDecimal(n.toString()).longValue();
            case String s when s.matches("\\d+") -> Long.parseLong(s);
            case null, default -> -1L;
        };
        // without expires_in the token is kept until the system answers 401
        var refreshAt = expiresIn < 0 ? null : requestedAt.plus(Duration.ofSeconds(expiresIn)).minus(config.refreshBefore());
        return new Token(value, refreshAt);
    }

    private static String formEncode(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
