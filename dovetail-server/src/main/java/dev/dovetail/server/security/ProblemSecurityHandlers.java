package dev.dovetail.server.security;

import dev.dovetail.server.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;
import tools.jackson.databind.json.JsonMapper;

/** 401 and 403 for API clients: problem+json, never a redirect to the login page. */
final class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {
    private final JsonMapper json;

    ProblemSecurityHandlers(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        // Only a Bearer challenge: a Basic challenge would make browsers pop up their own login dialog.
        response.setHeader("WWW-Authenticate", "Bearer realm=\"dovetail\"");
        var detail = request.getHeader("Authorization") == null
                ? "Log in first: send HTTP Basic credentials or an API token (Authorization: Bearer ...)."
                : "The credentials were not accepted: " + e.getMessage() + ".";
        Problems.write(response, json, HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required",
                detail, request.getRequestURI());
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        if (e instanceof CsrfException) {
            Problems.write(response, json, HttpStatus.FORBIDDEN, "csrf-token-missing", "CSRF token missing or invalid",
                    "Browser sessions must send the X-XSRF-TOKEN header (value of the XSRF-TOKEN cookie); "
                            + "scripts should authenticate with HTTP Basic or an API token instead.",
                    request.getRequestURI());
        } else {
            Problems.write(response, json, HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                    "You are not allowed to do this.", request.getRequestURI());
        }
    }
}
