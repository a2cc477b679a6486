package dev.opsbook.discord;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Attaches the listener to the connected bot and registers {@code /runbook} once Discord says the
 * bot is ready (in one guild when configured, else globally); shuts the connection down on stop.
 */
final class DiscordBot implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(DiscordBot.class);

    private final JDA jda;
    private final DiscordListener listener;
    private final String guildId;
    private volatile boolean running;

    DiscordBot(JDA jda, DiscordListener listener, String guildId) {
        this.jda = jda;
        this.listener = listener;
        this.guildId = guildId;
    }

    @Override
    public void start() {
        jda.addEventListener(listener);
        running = true;
        Thread.ofVirtual().name("opsbook-discord-commands").start(this::registerCommands);
    }

    private void registerCommands() {
        try {
            jda.awaitReady();
            if (guildId.isBlank()) {
                jda.updateCommands().addCommands(DiscordSlashCommands.runbook()).queue(
                        ok -> LOG.info("Discord /runbook registered globally (may take a while to appear)"),
                        e -> LOG.error("registering Discord /runbook failed: {}", e.toString()));
                return;
            }
            Guild guild = jda.getGuildById(guildId);
            if (guild == null) {
                LOG.error("DISCORD_GUILD_ID {} is not a server the bot is in; invite it first (see docs/chat-setup.md)", guildId);
                return;
            }
            guild.updateCommands().addCommands(DiscordSlashCommands.runbook()).queue(
                    ok -> LOG.info("Discord /runbook registered in {}", guild.getName()),
                    e -> LOG.error("registering Discord /runbook failed: {}", e.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Discord did not become ready: {}", e.toString());
        }
    }

    @Override
    public void stop() {
        running = false;
        jda.removeEventListener(listener);
        jda.shutdown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
