package dev.opsbook.server;

import dev.opsbook.discord.DiscordConfiguration;
import dev.opsbook.slack.SlackConfiguration;
import dev.opsbook.metrics.MetricsConfiguration;
import dev.opsbook.web.WebConfiguration;
import dev.opsbook.web.WebSecurityConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The opsbook server ({@code opsbook serve}): hosts the chat adapters, the living site, run pages and the dashboard on the execution engine. Beans are built in the
 * imported configuration classes; adapters whose tokens are missing stay off.
 */
@SpringBootApplication
@Import({ChatConfiguration.class, EngineConfiguration.class, SlackConfiguration.class, DiscordConfiguration.class,
        WebConfiguration.class, WebSecurityConfiguration.class, MetricsConfiguration.class, SchedulerConfiguration.class,
        AlertConfiguration.class})
public class OpsbookServer {
}
