package dev.dovetail.server.security;

import java.util.Collection;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * A request authenticated by {@code Authorization: Bearer <api token>}. Before authentication it
 * carries the secret; afterwards the user who created the token and the token's id.
 */
public final class ApiTokenAuthentication extends AbstractAuthenticationToken {
    private final String username;
    private final ApiToken token;
    private String secret;

    private ApiTokenAuthentication(String secret, String username, ApiToken token,
                                   Collection<? extends GrantedAuthority> authorities) {
        super(authorities);
        this.secret = secret;
        this.username = username;
        this.token = token;
        setAuthenticated(token != null);
    }

    static ApiTokenAuthentication unauthenticated(String secret) {
        return new ApiTokenAuthentication(secret, null, null, List.of());
    }

    static ApiTokenAuthentication authenticated(ApiToken token, Collection<? extends GrantedAuthority> authorities) {
        return new ApiTokenAuthentication(null, token.createdBy(), token, authorities);
    }

    /** The token used, or null before authentication. */
    public ApiToken token() {
        return token;
    }

    @Override
    public Object getCredentials() {
        return secret;
    }

    @Override
    public Object getPrincipal() {
        return username == null ? "api-token" : username;
    }

    @Override
    public String getName() {
        return String.valueOf(getPrincipal());
    }

    @Override
    public void eraseCredentials() {
        super.eraseCredentials();
        secret = null;
    }

    @Override
    public boolean equals(Object other) {
        return super.equals(other);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }
}
