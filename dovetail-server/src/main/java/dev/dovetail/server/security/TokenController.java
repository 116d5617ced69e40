package dev.dovetail.server.security;

import dev.dovetail.server.audit.AuditLog;
import dev.dovetail.server.web.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/tokens}: create (the secret is answered once), list (no secrets), revoke. */
@RestController
class TokenController {
    private final ApiTokens tokens;
    private final AuditLog auditLog;

    TokenController(ApiTokens tokens, AuditLog auditLog) {
        this.tokens = tokens;
        this.auditLog = auditLog;
    }

    record CreateToken(String name) {}

    record CreatedToken(long id, String name, String createdBy, Instant createdAt, String token) {}

    @PostMapping("/api/v1/tokens")
    ResponseEntity<CreatedToken> create(@RequestBody CreateToken request, Authentication who, HttpServletRequest http) {
        var name = request == null || request.name() == null ? "" : request.name().strip();
        if (name.isEmpty() || name.length() > 100) {
            throw ProblemException.badRequest("invalid-token-name", "A token needs a name of 1 to 100 characters, "
                    + "e.g. {\"name\": \"ci-deploy\"}.");
        }
        var issued = tokens.issue(name, who.getName());
        var token = issued.token();
        auditLog.record(who.getName(), "token.created", "token:" + token.id(), "name=" + name, http.getRemoteAddr());
        return ResponseEntity.created(URI.create("/api/v1/tokens/" + token.id()))
                .body(new CreatedToken(token.id(), token.name(), token.createdBy(), token.createdAt(), issued.secret()));
    }

    @GetMapping("/api/v1/tokens")
    List<ApiToken> list() {
        return tokens.list();
    }

    @DeleteMapping("/api/v1/tokens/{id}")
    ResponseEntity<Void> revoke(@PathVariable long id, Authentication who, HttpServletRequest http) {
        var token = tokens.find(id).orElseThrow(() -> ProblemException.notFound("token-not-found", "No API token has id " + id + "."));
        if (!token.revoked()) {
            tokens.revoke(id);
            auditLog.record(who.getName(), "token.revoked", "token:" + id, "name=" + token.name(), http.getRemoteAddr());
        }
        return ResponseEntity.noContent().build();
    }
}
