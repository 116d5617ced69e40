package dev.dovetail.server.security;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/** Local user accounts (table {@code users}); passwords are bcrypt hashes. */
final class Users implements UserDetailsService {
    /** Every local user has this authority until roles arrive. */
    static final String USER_AUTHORITY = "ROLE_USER";

    private final JdbcClient jdbc;
    private final Clock clock;

    Users(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return find(username).orElseThrow(() -> new UsernameNotFoundException("No such user"));
    }

    Optional<UserDetails> find(String username) {
        return jdbc.sql("select username, password_hash, enabled from users where username = ?")
                .param(username)
                .query((rs, n) -> User.withUsername(rs.getString("username"))
                        .password(rs.getString("password_hash"))
                        .disabled(!rs.getBoolean("enabled"))
                        .authorities(USER_AUTHORITY)
                        .build())
                .optional();
    }

    boolean none() {
        return jdbc.sql("select count(*) from users").query(Long.class).single() == 0;
    }

    void create(String username, String passwordHash) {
        jdbc.sql("insert into users (username, password_hash, enabled, created_at) values (?, ?, true, ?)")
                .params(username, passwordHash, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
                .update();
    }

    void changePassword(String username, String passwordHash) {
        jdbc.sql("update users set password_hash = ? where username = ?").params(passwordHash, username).update();
    }
}
