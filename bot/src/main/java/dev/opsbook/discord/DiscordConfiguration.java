package dev.opsbook.discord;

import dev.opsbook.alert.IncidentButtons;
import dev.opsbook.chat.ApprovalMessageIndex;
import dev.opsbook.chat.ChatGateway;
import dev.opsbook.chat.CommandRouter;
import dev.opsbook.chat.PlatformGateway;
import dev.opsbook.chat.SeenDeliveries;
import java.util.EnumSet;
import java.util.concurrent.Executor;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.requests.GatewayIntent;
import dev.opsbook.people.ObservedGroups;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** The Discord adapter: a light JDA client (no member cache), its gateway, listener and command registration. */
@Configuration(proxyBeanMethods = false)
@Conditional(DiscordEnabled.class)
@EnableConfigurationProperties(DiscordProperties.class)
public class DiscordConfiguration {

    /** Logs in (validating the token) and connects; reactions need the message-reaction intent. */
    @Bean
    JDA discordClient(DiscordProperties settings) {
        return JDABuilder.createLight(settings.botToken(),
                EnumSet.of(GatewayIntent.GUILD_MESSAGE_REACTIONS, GatewayIntent.DIRECT_MESSAGE_REACTIONS)).build();
    }

    @Bean
    PlatformGateway discordGateway(JDA discordClient) {
        return new PlatformGateway(DiscordListener.PLATFORM, new DiscordChatGateway(discordClient));
    }

    /** Members' roles become their groups in the people directory; registered before the command listener. */
    @Bean
    DiscordRoles discordRoleListener(JDA discordClient, @Qualifier("discordRoles") ObservedGroups roles) {
        DiscordRoles listener = new DiscordRoles(roles);
        discordClient.addEventListener(listener);
        return listener;
    }

    @Bean
    DiscordBot discordBot(DiscordRoles discordRoleListener, JDA discordClient, DiscordProperties settings, CommandRouter router,
                          ApprovalMessageIndex approvals, SeenDeliveries seen,
                          @Qualifier("chatExecutor") Executor chatExecutor, ChatGateway chatGateway, IncidentButtons incidents) {
        DiscordListener listener = new DiscordListener(router, approvals, seen, chatExecutor, DiscordReplies.JDA, chatGateway,
                java.util.Optional.of(incidents));
        return new DiscordBot(discordClient, listener, settings.guildId());
    }

    /** The incident cards' buttons (docs/alerts.md), a listener of its own on the same client. */
    @Bean
    DiscordIncidentButtons discordIncidentButtons(JDA discordClient, IncidentButtons buttons, SeenDeliveries seen,
                                                  @Qualifier("chatExecutor") Executor chatExecutor) {
        DiscordIncidentButtons listener = new DiscordIncidentButtons(buttons, seen, chatExecutor, DiscordReplies.JDA);
        discordClient.addEventListener(listener);
        return listener;
    }
}
