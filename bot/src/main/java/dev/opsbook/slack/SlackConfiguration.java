package dev.opsbook.slack;

import dev.opsbook.chatops.AcknowledgementsFirst;

import dev.opsbook.alert.IncidentButtons;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.methods.MethodsClient;
import dev.opsbook.chat.ApprovalMessageIndex;
import dev.opsbook.chat.CommandRouter;
import dev.opsbook.chat.PlatformGateway;
import dev.opsbook.chat.SeenDeliveries;
import dev.opsbook.people.PlatformGroups;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/** The Slack adapter: Bolt app, Web API client, gateway, HTTP endpoint and Socket Mode. */
@Configuration(proxyBeanMethods = false)
@Conditional(SlackEnabled.class)
@EnableConfigurationProperties(SlackProperties.class)
public class SlackConfiguration {

    /** Slack's commands, votes and buttons start their work once the acknowledgements in progress are written (at most 250 ms later). */
    @Bean
    AcknowledgementsFirst slackAcknowledgementsFirst() {
        return new AcknowledgementsFirst(Duration.ofMillis(250));
    }

    @Bean
    Slack slack(SlackProperties settings) {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(settings.apiUrl());
        config.setPrettyResponseLoggingEnabled(false);
        return Slack.getInstance(config);
    }

    @Bean
    App slackApp(SlackProperties settings, Slack slack, CommandRouter router, SeenDeliveries seen,
                 ApprovalMessageIndex approvals, @Qualifier("chatExecutor") Executor chatExecutor, Clock clock,
                 IncidentButtons incidents, AcknowledgementsFirst acks) {
        SlackDisplayNames names = new SlackDisplayNames(slack.methods(settings.botToken()), clock, Duration.ofHours(1));
        return SlackBolt.app(slack, settings.botToken(), router, seen, approvals, acks.after(chatExecutor), names,
                java.util.Optional.of(incidents));
    }

    /** Slack user-group membership, merged into the people directory for everyone with a Slack account. */
    @Bean
    PlatformGroups slackUserGroups(Slack slack, SlackProperties settings, Clock clock) {
        return new SlackUserGroups(slack.methods(settings.botToken()), clock, Duration.ofMinutes(10));
    }

    @Bean
    PlatformGateway slackGateway(Slack slack, SlackProperties settings) {
        MethodsClient methods = slack.methods(settings.botToken());
        return new PlatformGateway(SlackChatGateway.PLATFORM, new SlackChatGateway(methods));
    }

    /** The incident cards' buttons (docs/alerts.md), registered on the same Bolt app. */
    @Bean
    SlackIncidentButtons slackIncidentButtons(App slackApp, Slack slack, IncidentButtons buttons, SeenDeliveries seen,
                                              @Qualifier("chatExecutor") Executor chatExecutor, AcknowledgementsFirst acks) {
        return SlackIncidentButtons.register(slackApp, buttons, seen, acks.after(chatExecutor), new SlackResponder(slack.getConfig()));
    }

    /**
     * {@code POST /slack/events} is served by a filter ahead of all others ({@link SlackEventsEndpoint}: the
     * signature is checked there), so neither Spring Security nor the HTTP observations run while Slack waits.
     */
    @Bean
    @Conditional(SlackHttpEnabled.class)
    FilterRegistrationBean<SlackEventsEndpoint> slackEventsEndpoint(App slackApp, SlackProperties settings, Clock clock,
                                                                    AcknowledgementsFirst acks) {
        FilterRegistrationBean<SlackEventsEndpoint> registration = new FilterRegistrationBean<>(
                new SlackEventsEndpoint(slackApp, new SlackRequestVerifier(settings.signingSecret(), clock), acks));
        registration.addUrlPatterns(SlackEventsEndpoint.PATH);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setName("slackEvents");
        return registration;
    }

    /**
     * Other requests to {@code /slack/events} (a GET from a browser) get their own minimal security chain,
     * ahead of the dashboard's: no session, security context, request cache or CSRF token, and no login page.
     */
    @Bean
    @Order(1)
    @Conditional(SlackHttpEnabled.class)
    SecurityFilterChain slackEventsSecurity(HttpSecurity http) throws Exception {
        return http.securityMatcher("/slack/events")
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .csrf(c -> c.disable())
                .requestCache(c -> c.disable())
                .securityContext(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }

    @Bean
    @Conditional(SlackSocketModeEnabled.class)
    SlackSocketMode slackSocketMode(SlackProperties settings, App slackApp) {
        return new SlackSocketMode(settings.appToken(), slackApp);
    }
}
