package dev.dovetail.server.security;

import dev.dovetail.server.audit.AuditLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;

/**
 * Writes logins to the audit log. Failures are always recorded. Form logins are recorded each time;
 * scripts using Basic or a token authenticate on every request, so their success is recorded once per
 * user, method and address every {@link #SCRIPT_LOGIN_WINDOW}, not once per call.
 */
final class LoginAudit {
    static final Duration SCRIPT_LOGIN_WINDOW = Duration.ofMinutes(15);

    private final AuditLog auditLog;
    private final Clock clock;
    private final Map<String, Instant> lastScriptLogin = new ConcurrentHashMap<>();

    LoginAudit(AuditLog auditLog, Clock clock) {
        this.auditLog = auditLog;
        this.clock = clock;
    }

    @EventListener
    void succeeded(AuthenticationSuccessEvent event) {
        var authentication = event.getAuthentication();
        var details = details(authentication);
        var target = authentication instanceof ApiTokenAuthentication token && token.token() != null
                ? "token:" + token.token().id() : "user:" + authentication.getName();
        if (!"form".equals(details.method()) && !firstInWindow(authentication.getName(), details)) return;
        auditLog.record(authentication.getName(), "login.succeeded", target, "method=" + details.method(),
                details.remoteAddress());
    }

    @EventListener
    void failed(AbstractAuthenticationFailureEvent event) {
        var authentication = event.getAuthentication();
        var details = details(authentication);
        var actor = authentication instanceof ApiTokenAuthentication ? "api-token" : authentication.getName();
        auditLog.record(actor == null || actor.isBlank() ? "unknown" : actor, "login.failed", null,
                "method=" + details.method() + ", reason=" + event.getException().getMessage(), details.remoteAddress());
    }

    private boolean firstInWindow(String who, LoginDetails details) {
        var now = clock.instant();
        var key = who + '|' + details.method() + '|' + details.remoteAddress();
        if (lastScriptLogin.size() > 10_000) lastScriptLogin.clear();
        var previous = lastScriptLogin.get(key);
        if (previous != null && previous.plus(SCRIPT_LOGIN_WINDOW).isAfter(now)) return false;
        lastScriptLogin.put(key, now);
        return true;
    }

    private static LoginDetails details(Authentication authentication) {
        return authentication.getDetails() instanceof LoginDetails d ? d : new LoginDetails("unknown", null);
    }
}
