package dev.opsbook.server;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Alert intake settings ({@code opsbook.alerts.*}, docs/alerts.md).
 *
 * @param token   the bearer token Alertmanager sends ({@code OPSBOOK_ALERTMANAGER_TOKEN}); empty: intake refuses everything
 * @param siteUrl the address of the living site ({@code OPSBOOK_SITE_URL}), for links from incident cards to runbook pages
 */
@ConfigurationProperties("opsbook.alerts")
public record AlertProperties(String token, String siteUrl) {
    public AlertProperties {
        token = token == null ? "" : token.strip();
        siteUrl = siteUrl == null ? "" : siteUrl.strip();
    }

    @Override
    public String toString() {
        return "AlertProperties[token=" + (token.isEmpty() ? "unset" : "***") + ", siteUrl=" + siteUrl + "]";
    }
}
