package dev.opsbook.server;

import dev.opsbook.discord.DiscordConfiguration;
import dev.opsbook.slack.SlackConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The opsbook server ({@code opsbook serve}): hosts the chat adapters on the execution engine. Beans are built in the
 * imported configuration classes; adapters whose tokens are missing stay off.
 */
@SpringBootApplication
@Import({ChatConfiguration.class, EngineConfiguration.class, SlackConfiguration.class, DiscordConfiguration.class,
        SchedulerConfiguration.class})
public class OpsbookServer {
}
