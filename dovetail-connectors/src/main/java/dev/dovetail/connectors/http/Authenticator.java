package dev.dovetail.connectors.http;

import dev.dovetail.spi.DeliveryOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;

/** Puts a system's credentials on a request, last, so nothing changes the request after signing. */
interface Authenticator {

    /**
     * @throws Failed when credentials cannot be obtained (e.g. the token endpoint is down)
     */
    OutgoingRequest apply(OutgoingRequest request);

    /**
     * Called after the system answered 401 to {@code sent}. Returns whether fresh credentials were
     * arranged, so sending the request once more makes sense.
     */
    default boolean renewAfterUnauthorized(OutgoingRequest sent) {
        return false;
    }

    /** Credentials could not be obtained; the attempt ends with {@code outcome}. */
    final class Failed extends RuntimeException {
        final transient DeliveryOutcome outcome;

        Failed(DeliveryOutcome outcome) {
            super(outcome.toString(), null, false, false);
            this.outcome = outcome;
        }
    }

    static Authenticator of(HttpAuth auth, TokenEndpoint tokenEndpoint, Clock clock) {
        return switch (auth) {
            case HttpAuth.None none -> request -> request;
            case HttpAuth.Basic basic -> {
                var value = "Basic " + Base64.getEncoder()
                        .encodeToString((basic.username() + ":" + basic.password()).getBytes(StandardCharsets.UTF_8));
                yield request -> request.withHeader("Authorization", value);
            }
            case HttpAuth.Bearer bearer -> request -> request.withHeader("Authorization", "Bearer " + bearer.token());
            case HttpAuth.ApiKey apiKey -> apiKey.in() == HttpAuth.KeyPlacement.HEADER
                    ? request -> request.withHeader(apiKey.name(), apiKey.key())
                    : request -> request.withQueryParam(apiKey.name(), apiKey.key());
            case HttpAuth.OAuth2ClientCredentials oauth2 -> new OAuth2Tokens(oauth2, tokenEndpoint, clock);
            case HttpAuth.Hmac hmac -> new HmacSigner(hmac, clock);
        };
    }
}
