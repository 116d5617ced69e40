package dev.dovetail.server.security;

import dev.dovetail.server.DovetailProperties;
import dev.dovetail.server.audit.AuditLog;
import dev.dovetail.server.web.Problems;
import java.time.Clock;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * Secure by default: everything needs a login except health, (by default) Prometheus metrics, the
 * JSON Schemas, the login page and {@code /hooks/**} (webhooks authenticate by signature). Scripts
 * use HTTP Basic or an API token; browsers use the form login and a session. docs/security.md
 * explains each choice.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class SecurityConfiguration {

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    @Bean
    Users users(JdbcClient jdbc, Clock clock) {
        return new Users(jdbc, clock);
    }

    @Bean
    ApiTokens apiTokens(JdbcClient jdbc, Clock clock) {
        return new ApiTokens(jdbc, clock);
    }

    @Bean
    DefaultAuthenticationEventPublisher authenticationEventPublisher(ApplicationEventPublisher events) {
        return new DefaultAuthenticationEventPublisher(events);
    }

    @Bean
    AuthenticationManager authenticationManager(Users users, ApiTokens tokens, PasswordEncoder passwords,
                                                DefaultAuthenticationEventPublisher events) {
        var passwordLogin = new DaoAuthenticationProvider(users);
        passwordLogin.setPasswordEncoder(passwords);
        var manager = new ProviderManager(passwordLogin, new ApiTokenAuthenticationProvider(tokens, users));
        manager.setAuthenticationEventPublisher(events);
        return manager;
    }

    @Bean
    ProblemSecurityHandlers problemSecurityHandlers(JsonMapper json) {
        return new ProblemSecurityHandlers(json);
    }

    /** A request the firewall refuses (encoded slashes, dots or semicolons, …) gets 400 problem+json, not an HTML page. */
    @Bean
    RequestRejectedHandler requestRejectedHandler(JsonMapper json) {
        return (request, response, e) -> Problems.write(response, json, HttpStatus.BAD_REQUEST, "request-rejected",
                "Request rejected", "The request URL or headers are not accepted: " + e.getMessage(), null);
    }

    /**
     * Webhooks authenticate by their signature or token (checked by the intake), never by a login: their own
     * chain has no session, no CSRF token (no cookie in webhook answers), no login or request cache — only the
     * firewall and the security headers. It comes before the main chain.
     */
    @Bean
    @Order(1)
    SecurityFilterChain webhookFilterChain(HttpSecurity http) throws Exception {
        http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher("/hooks/**"))
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .securityContext(context -> context.disable())
                .anonymous(anonymous -> anonymous.disable());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain securityFilterChain(HttpSecurity http, AuthenticationManager authenticationManager,
                                            ProblemSecurityHandlers problems, DovetailProperties properties) throws Exception {
        var paths = PathPatternRequestMatcher.withDefaults();
        // Machine clients get 401/403 as problem+json; everything else is a browser page and goes to the login form.
        RequestMatcher api = new OrRequestMatcher(paths.matcher("/api/**"), paths.matcher("/actuator/**"));
        RequestMatcher sentCredentials = request -> request.getHeader(HttpHeaders.AUTHORIZATION) != null;
        var browserRequests = new HttpSessionRequestCache();
        browserRequests.setRequestMatcher(new NegatedRequestMatcher(api));

        http.authenticationManager(authenticationManager)
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers("/actuator/health", "/actuator/health/**").permitAll();
                    if (properties.security().publicMetrics()) requests.requestMatchers("/actuator/prometheus").permitAll();
                    requests.requestMatchers("/schemas/**", "/hooks/**", "/login", "/error", "/favicon.ico").permitAll()
                            .anyRequest().authenticated();
                })
                .exceptionHandling(exceptions -> exceptions
                        .defaultAuthenticationEntryPointFor(problems, api)
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), AnyRequestMatcher.INSTANCE)
                        .defaultAccessDeniedHandlerFor(problems, api))
                .requestCache(cache -> cache.requestCache(browserRequests))
                // Browser sessions send the XSRF-TOKEN cookie back as a header (SPA style). Requests that carry
                // their own Authorization header cannot be forged cross-site, and webhooks are signed.
                .csrf(csrf -> csrf.spa().ignoringRequestMatchers(sentCredentials, paths.matcher("/hooks/**")))
                .formLogin(form -> form.authenticationDetailsSource(request -> new LoginDetails("form", request.getRemoteAddr())))
                .httpBasic(basic -> basic
                        .realmName("dovetail")
                        .authenticationEntryPoint(problems)
                        .authenticationDetailsSource(request -> new LoginDetails("basic", request.getRemoteAddr())))
                .addFilterBefore(new ApiTokenAuthenticationFilter(authenticationManager, problems), BasicAuthenticationFilter.class);
        return http.build();
    }

    @Bean
    LoginAudit loginAudit(AuditLog auditLog, Clock clock) {
        return new LoginAudit(auditLog, clock);
    }

    @Bean
    FirstAdmin firstAdmin(Users users, PasswordEncoder passwords, AuditLog auditLog, DovetailProperties properties) {
        return new FirstAdmin(users, passwords, auditLog, properties.admin().presetPassword());
    }

    @Bean
    TokenController tokenController(ApiTokens tokens, AuditLog auditLog) {
        return new TokenController(tokens, auditLog);
    }

    @Bean
    MeController meController(Users users, PasswordEncoder passwords, AuditLog auditLog) {
        return new MeController(users, passwords, auditLog);
    }
}
