package dev.opsbook.server;

import dev.opsbook.chat.PlatformGateway;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
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
        if (!running.contains("slack")) {
            LOG.info("Slack adapter disabled: {}", blank("opsbook.slack.bot-token")
                    ? "SLACK_BOT_TOKEN is not set" : "set SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode)");
        } else {
            LOG.info("Slack adapter enabled ({}{})", blank("opsbook.slack.signing-secret") ? "" : "HTTP at POST /slack/events",
                    blank("opsbook.slack.app-token") ? "" : " Socket Mode");
        }
        if (!running.contains("discord")) {
            LOG.info("Discord adapter disabled: DISCORD_BOT_TOKEN is not set");
        } else {
            LOG.info("Discord adapter enabled");
        }
        if (running.isEmpty()) {
            LOG.info("no chat adapter is configured; opsbook serve runs without chat");
        }
    }

    private boolean blank(String property) {
        return environment.getProperty(property, "").isBlank();
    }
}
