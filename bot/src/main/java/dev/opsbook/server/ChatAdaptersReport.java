package dev.opsbook.server;

import dev.opsbook.chat.PlatformGateway;
import dev.opsbook.slack.SlackProperties;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/** Says at startup which chat adapters run, and why the others do not. */
final class ChatAdaptersReport implements ApplicationRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ChatAdaptersReport.class);

    private final List<PlatformGateway> platforms;
    private final Environment environment;

    ChatAdaptersReport(List<PlatformGateway> platforms, Environment environment) {
        this.platforms = platforms;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) {
        List<String> running = platforms.stream().map(PlatformGateway::platform).toList();
        SlackProperties slack = Binder.get(environment).bind("opsbook.slack", SlackProperties.class)
                .orElseGet(() -> new SlackProperties(null, null, null, null));
        if (running.contains("slack")) {
            LOG.info("Slack adapter enabled:{}{}", slack.http() ? " HTTP at POST /slack/events" : "",
                    slack.socketMode() ? " Socket Mode" : "");
        } else {
            LOG.info("Slack adapter disabled: {}", slack.disabledReason());
        }
        if (running.contains("discord")) {
            LOG.info("Discord adapter enabled");
        } else {
            LOG.info("Discord adapter disabled: DISCORD_BOT_TOKEN is not set");
        }
        if (running.isEmpty()) {
            LOG.info("no chat adapter is configured; opsbook serve runs without chat");
        }
    }
}
