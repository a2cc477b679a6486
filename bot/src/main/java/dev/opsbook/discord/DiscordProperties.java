package dev.opsbook.discord;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Discord settings ({@code opsbook.discord.*}, from {@code DISCORD_BOT_TOKEN} and
 * {@code DISCORD_GUILD_ID}). With a guild id the {@code /runbook} command is registered in that
 * server only (visible at once); without, globally (Discord may take up to an hour to show it).
 */
@ConfigurationProperties("opsbook.discord")
public record DiscordProperties(String botToken, String guildId) {
    public DiscordProperties {
        botToken = botToken == null ? "" : botToken.strip();
        guildId = guildId == null ? "" : guildId.strip();
    }

    @Override
    public String toString() {
        return "DiscordProperties[guildId=" + guildId + "]";
    }
}
