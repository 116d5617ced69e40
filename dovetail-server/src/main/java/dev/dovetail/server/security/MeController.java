package dev.dovetail.server.security;

import dev.dovetail.server.audit.AuditLog;
import dev.dovetail.server.web.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/me}: who the caller is and how they authenticated; changing one's own password. */
@RestController
class MeController {
    private final Users users;
    private final PasswordEncoder passwords;
    private final AuditLog auditLog;

    MeController(Users users, PasswordEncoder passwords, AuditLog auditLog) {
        this.users = users;
        this.passwords = passwords;
        this.auditLog = auditLog;
    }

    /** @param tokenId the API token used, when {@code authenticatedBy} is {@code token} */
    record Me(String username, String authenticatedBy, Long tokenId, String tokenName) {}

    record PasswordChange(String currentPassword, String newPassword) {}

    @GetMapping("/api/v1/me")
    Me me(Authentication who) {
        if (who instanceof ApiTokenAuthentication token && token.token() != null) {
            return new Me(who.getName(), "token", token.token().id(), token.token().name());
        }
        var method = who.getDetails() instanceof LoginDetails d ? d.method() : "session";
        return new Me(who.getName(), method, null, null);
    }

    @PutMapping("/api/v1/me/password")
    ResponseEntity<Void> changePassword(@RequestBody PasswordChange change, Authentication who, HttpServletRequest http) {
        var user = users.find(who.getName()).orElseThrow();
        if (change == null || change.currentPassword() == null
                || !passwords.matches(change.currentPassword(), user.getPassword())) {
            throw new ProblemException(HttpStatus.FORBIDDEN, "wrong-password", "Wrong password",
                    "currentPassword does not match.");
        }
        if (change.newPassword() == null || change.newPassword().length() < FirstAdmin.MIN_PASSWORD_LENGTH) {
            throw ProblemException.badRequest("weak-password",
                    "newPassword needs at least " + FirstAdmin.MIN_PASSWORD_LENGTH + " characters.");
        }
        users.changePassword(who.getName(), passwords.encode(change.newPassword()));
        auditLog.record(who.getName(), "user.password-changed", "user:" + who.getName(), null, http.getRemoteAddr());
        return ResponseEntity.noContent().build();
    }
}
