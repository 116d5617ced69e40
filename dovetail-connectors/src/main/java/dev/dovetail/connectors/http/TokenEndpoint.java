package dev.dovetail.connectors.http;

import dev.dovetail.spi.DeliveryOutcome;
import java.net.URI;
import java.util.Map;

/** Posts a form to an OAuth2 token endpoint; the answer is classified like any other. */
@FunctionalInterface
interface TokenEndpoint {
    DeliveryOutcome postForm(URI url, Map<String, String> form, Map<String, String> headers);
}
