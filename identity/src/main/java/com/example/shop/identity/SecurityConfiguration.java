package com.example.shop.identity;

import com.example.shop.privacy.crypto.ConfiguredMasterKeys;
import com.example.shop.privacy.crypto.MasterKeyProvider;
import com.example.shop.web.FilterAfterAuthentication;
import com.example.shop.web.FilterBeforeAuthentication;
import com.example.shop.web.Problems;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Who may call what. Every endpoint needs a valid access token except registration, login, refresh,
 * logout, the JWKS, health and the API docs. Staff (ADMIN) manage products and campaigns and reach
 * /admin and the actuator; customers reach their own orders and claims (the controllers check
 * ownership through {@link com.example.shop.platform.Caller}). No HTTP session, no CSRF token: the API is
 * stateless and reads credentials from the Authorization header only, which a browser never sends by itself.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecuritySettings.class)
public class SecurityConfiguration {

    public static final String ADMIN = "ADMIN";

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    @ConditionalOnMissingBean
    MasterKeyProvider masterKeyProvider(SecuritySettings settings) {
        return new ConfiguredMasterKeys(settings.masterKeys(), settings.masterKeyId());
    }

    @Bean
    SigningKeys signingKeys(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            MasterKeyProvider masterKeys,
            Clock clock,
            SecuritySettings settings) {
        SigningKeys keys = new SigningKeys(jdbc, transactions, masterKeys, clock, settings.tokens());
        keys.ensureSigningKey();
        return keys;
    }

    @Bean
    AccessTokens accessTokens(SigningKeys keys, SecuritySettings settings, Clock clock) {
        return new AccessTokens(keys, settings.tokens(), clock);
    }

    @Bean
    JwtDecoder jwtDecoder(AccessTokens tokens, Sessions sessions) {
        return tokens.decoder(sessions::isActive);
    }

    /**
     * No observations of Spring Security's own steps (the filter chain around each filter, the authentication, the
     * authorization): they were three observations per request, each a timer and an event publication and, when
     * sampled, a span. The request itself is still observed ({@code http.server.requests} and its trace span), and a
     * refused one shows there as its 401 or 403.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    SecurityFilterChain api(
            HttpSecurity http,
            ObjectMapper json,
            SecuritySettings settings,
            List<FilterBeforeAuthentication> beforeAuthentication,
            List<FilterAfterAuthentication> afterAuthentication)
            throws Exception {
        JwtAuthenticationConverter roles = new JwtAuthenticationConverter();
        roles.setJwtGrantedAuthoritiesConverter(jwt -> {
            List<String> granted = jwt.getClaimAsStringList(AccessTokens.ROLES);
            return granted == null
                    ? List.of()
                    : granted.stream()
                            .<GrantedAuthority>map(role -> new SimpleGrantedAuthority("ROLE_" + role))
                            .toList();
        });
        AuthenticationEntryPoint unauthenticated = (request, response, failure) -> {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"shop\"");
            Problems.write(
                    response,
                    json,
                    Problems.of(
                            HttpStatus.UNAUTHORIZED,
                            "unauthenticated",
                            "Unauthenticated",
                            "A valid access token is required (Authorization: Bearer ...)"));
        };
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .cors(cors -> cors.configurationSource(cors(settings.cors())))
                .headers(headers -> headers.contentSecurityPolicy(
                                csp -> csp.policyDirectives(
                                        "default-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'none'; form-action 'self'"))
                        .referrerPolicy(
                                referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .frameOptions(frame -> frame.deny())
                        .httpStrictTransportSecurity(hsts -> hsts.includeSubDomains(true)
                                .maxAgeInSeconds(Duration.ofDays(365).toSeconds()))
                        .permissionsPolicyHeader(
                                permissions -> permissions.policy("camera=(), microphone=(), geolocation=()")))
                .authorizeHttpRequests(requests -> requests.requestMatchers(
                                HttpMethod.POST, "/auth/register", "/auth/login", "/auth/refresh", "/auth/logout")
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, "/.well-known/jwks.json")
                        .permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**")
                        .permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                        .permitAll()
                        .requestMatchers("/error")
                        .permitAll()
                        .requestMatchers("/admin/**", "/actuator/**")
                        .hasRole(ADMIN)
                        .requestMatchers(HttpMethod.POST, "/products", "/products/**")
                        .hasRole(ADMIN)
                        .anyRequest()
                        .authenticated())
                .oauth2ResourceServer(server -> server.jwt(jwt -> jwt.jwtAuthenticationConverter(roles))
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler((request, response, denied) -> Problems.write(
                                response,
                                json,
                                Problems.of(
                                        HttpStatus.FORBIDDEN,
                                        "forbidden",
                                        "Forbidden",
                                        "Your role does not allow this request"))))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(unauthenticated));
        for (FilterBeforeAuthentication early : beforeAuthentication) {
            http.addFilterBefore(early.filter(), BearerTokenAuthenticationFilter.class);
        }
        for (FilterAfterAuthentication late : afterAuthentication) {
            http.addFilterAfter(late.filter(), BearerTokenAuthenticationFilter.class);
        }
        return http.build();
    }

    private static CorsConfigurationSource cors(SecuritySettings.Cors settings) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (!settings.allowedOrigins().isEmpty()) {
            CorsConfiguration cors = new CorsConfiguration();
            cors.setAllowedOrigins(settings.allowedOrigins());
            cors.setAllowedMethods(List.of("GET", "POST", "DELETE"));
            cors.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, "Idempotency-Key"));
            cors.setExposedHeaders(List.of(
                    HttpHeaders.LOCATION,
                    HttpHeaders.RETRY_AFTER,
                    HttpHeaders.ETAG,
                    "RateLimit-Limit",
                    "RateLimit-Remaining",
                    "RateLimit-Reset",
                    "RateLimit-Policy"));
            cors.setAllowCredentials(false);
            cors.setMaxAge(Duration.ofHours(1));
            source.registerCorsConfiguration("/**", cors);
        }
        return source;
    }
}
