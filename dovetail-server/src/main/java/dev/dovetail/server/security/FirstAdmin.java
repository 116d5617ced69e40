package dev.dovetail.server.security;

import dev.dovetail.server.audit.AuditLog;
import java.security.SecureRandom;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * On the first start (no user at all) creates {@code admin}: with the preset password if one is
 * configured, otherwise with a random one printed to the log exactly once. Runs before the web server
 * accepts requests.
 */
final class FirstAdmin implements SmartInitializingSingleton {
    static final String USERNAME = "admin";
    static final int MIN_PASSWORD_LENGTH = 12;
    private static final int GENERATED_LENGTH = 24;
    // no 0/O, 1/l/I: the password is read off a log by a person
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);

    private final Users users;
    private final PasswordEncoder passwords;
    private final AuditLog auditLog;
    private final Optional<String> presetPassword;

    FirstAdmin(Users users, PasswordEncoder passwords, AuditLog auditLog, Optional<String> presetPassword) {
        this.users = users;
        this.passwords = passwords;
        this.auditLog = auditLog;
        this.presetPassword = presetPassword;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (!users.none()) return;
        presetPassword.ifPresent(p -> {
            if (p.length() < MIN_PASSWORD_LENGTH) {
                throw new IllegalArgumentException("DOVETAIL_ADMIN_PASSWORD (dovetail.admin.password) must have at least "
                        + MIN_PASSWORD_LENGTH + " characters");
            }
        });
        var password = presetPassword.orElseGet(FirstAdmin::randomPassword);
        try {
            users.create(USERNAME, passwords.encode(password));
        } catch (DuplicateKeyException raceWithAnotherNode) {
            return;
        }
        auditLog.record(AuditLog.SYSTEM, "user.created", "user:" + USERNAME,
                presetPassword.isPresent() ? "first start, preset password" : "first start, generated password", null);
        if (presetPassword.isPresent()) {
            log.info("First start: created user '{}' with the password from DOVETAIL_ADMIN_PASSWORD.", USERNAME);
        } else {
            var line = "=".repeat(72);
            log.warn("""

                    {}
                      Dovetail first start: created the administrator account.

                          user:      {}
                          password:  {}

                      This password is shown only this once and stored only as a bcrypt hash.
                      Change it with PUT /api/v1/me/password.
                    {}""", line, USERNAME, password, line);
        }
    }

    static String randomPassword() {
        var random = new SecureRandom();
        var password = new StringBuilder(GENERATED_LENGTH);
        for (int i = 0; i < GENERATED_LENGTH; i++) password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        return password.toString();
    }
}
