package dev.opsbook.alert;

import java.util.List;
import java.util.Map;

/**
 * One webhook call: a group of alerts that share {@code groupKey} (Alertmanager's aggregation group, or the
 * fingerprint of the group labels for senders without one). {@code source} is {@code alertmanager} (payload
 * version 4), {@code grafana} (version 1) or {@code generic}. {@code truncated} counts alerts the sender left out.
 */
public record AlertNotification(String source, String receiver, boolean firing, String groupKey,
                                Map<String, String> groupLabels, List<Alert> alerts, String externalUrl, int truncated) {
    public AlertNotification {
        groupLabels = Map.copyOf(groupLabels);
        alerts = List.copyOf(alerts);
        if (alerts.isEmpty()) {
            throw new IllegalArgumentException("a notification carries at least one alert");
        }
    }
}
