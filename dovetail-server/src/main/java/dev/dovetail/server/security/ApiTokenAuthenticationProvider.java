package dev.dovetail.server.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.core.Authentication;

/** Checks a bearer token against the stored hashes; the token acts as the user who created it. */
final class ApiTokenAuthenticationProvider implements AuthenticationProvider {
    private final ApiTokens tokens;
    private final Users users;

    ApiTokenAuthenticationProvider(ApiTokens tokens, Users users) {
        this.tokens = tokens;
        this.users = users;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        var secret = String.valueOf(authentication.getCredentials());
        if (!secret.startsWith(ApiTokens.PREFIX)) throw new BadCredentialsException("Not a Dovetail API token");
        var token = tokens.use(secret).orElseThrow(() -> new BadCredentialsException("Unknown or revoked API token"));
        var owner = users.find(token.createdBy())
                .orElseThrow(() -> new DisabledException("The user who created this API token no longer exists"));
        if (!owner.isEnabled()) throw new DisabledException("The user who created this API token is disabled");
        var result = ApiTokenAuthentication.authenticated(token, owner.getAuthorities());
        result.setDetails(authentication.getDetails());
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return ApiTokenAuthentication.class.isAssignableFrom(authentication);
    }
}
