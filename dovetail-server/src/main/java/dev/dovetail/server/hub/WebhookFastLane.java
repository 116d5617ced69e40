package dev.dovetail.server.hub;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Sends {@code /hooks/*} straight to the {@link WebhookServlet}, ahead of every other filter. Webhooks are
 * machine-to-machine calls that authenticate themselves (signature or token, checked by the intake): the
 * session, CSRF, login and request-context machinery of Spring Security and Spring MVC does nothing for them
 * and cost half of a webhook's CPU under load (docs/benchmarks.md). The servlet parses the path strictly
 * itself (two segments, each a known system and event, else 404), so Spring Security's URL firewall adds
 * nothing either. The answers still carry the headers the security chain would add. See
 * docs/adr/0015-webhook-fast-lane.md.
 */
final class WebhookFastLane implements Filter {
    private final WebhookServlet servlet;

    WebhookFastLane(WebhookServlet servlet) {
        this.servlet = servlet;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (response instanceof HttpServletResponse http) {
            http.setHeader("X-Content-Type-Options", "nosniff");
            http.setHeader("Cache-Control", "no-store");
            http.setHeader("X-Frame-Options", "DENY");
        }
        servlet.service(request, response);
    }
}
