package dev.opsbook.web;

import dev.opsbook.engine.Engine;
import dev.opsbook.people.HomeDirectory;
import dev.opsbook.server.EngineProperties;
import dev.opsbook.jdbc.JdbcStoredUsers;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may use the web pages: everything needs sign-in except the sign-in page, the site's static assets (styles and
 * scripts, no data), Slack's signed
 * {@code POST /slack/events} (also exempt from CSRF) and the health and Prometheus endpoints. Password users come
 * from {@code opsbook.web.users.*} and the {@code web_user} table (first start creates an admin when there is no
 * other way in); an OIDC provider is added when {@code opsbook.web.oidc.issuer} is set. Forms carry CSRF tokens.
 * Sessions are kept in PostgreSQL ({@link WebSessionConfiguration}), so any replica accepts them.
 */
@Configuration(proxyBeanMethods = false)
@Import(WebSessionConfiguration.class)
public class WebSecurityConfiguration {

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    StoredUsers storedUsers(Engine engine) {
        return new JdbcStoredUsers(engine.database().dataSource());
    }

    @Bean
    SignInAudit signInAudit(Engine engine) {
        return new SignInAudit(engine.audit());
    }

    /** The only authentication manager (no parent), so each attempt is checked, throttled and audited once. */
    @Bean
    AuthenticationManager passwordSignIn(WebProperties settings, StoredUsers stored, PasswordEncoder encoder, Engine engine,
                                          Clock clock, SignInAudit audit, EngineProperties home) {
        FirstStartAdmin.ensure(settings, stored, encoder, engine.audit(), clock, System.out,
                home.home().resolve(HomeDirectory.PEOPLE_FILE));
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(new SignInUsers(settings, stored));
        passwords.setPasswordEncoder(encoder);
        return new ProviderManager(new ThrottledSignIn(passwords,
                new SignInThrottle(clock, settings.maxFailures(), settings.lockout()), audit));
    }

    @Bean
    SecurityFilterChain webSecurity(HttpSecurity http, AuthenticationManager passwordSignIn, WebProperties settings,
                                    SignInAudit audit) throws Exception {
        http.authenticationManager(passwordSignIn)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/slack/events", "/hooks/alertmanager").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus").permitAll()
                        .requestMatchers("/sign-in", "/assets/**", "/web-assets/**", "/error").permitAll()
                        .anyRequest().authenticated())
                .csrf(c -> c.ignoringRequestMatchers("/slack/events", "/hooks/alertmanager"))
                .formLogin(f -> f.loginPage("/sign-in").loginProcessingUrl("/sign-in").failureUrl("/sign-in?error")
                        .defaultSuccessUrl("/", false).permitAll())
                .logout(l -> l.logoutUrl("/sign-out").logoutSuccessUrl("/sign-in?signed-out"));
        if (settings.oidc().enabled()) {
            WebProperties.Oidc oidc = settings.oidc();
            ClientRegistration registration = ClientRegistrations.fromIssuerLocation(oidc.issuer()).registrationId("oidc")
                    .clientId(oidc.clientId()).clientSecret(oidc.clientSecret()).scope("openid", "profile", "email").build();
            http.oauth2Login(o -> o.loginPage("/sign-in")
                    .clientRegistrationRepository(new InMemoryClientRegistrationRepository(registration))
                    .userInfoEndpoint(u -> u.oidcUserService(new OidcSignIn(oidc, audit)))
                    .failureUrl("/sign-in?error"));
        }
        return http.build();
    }
}
