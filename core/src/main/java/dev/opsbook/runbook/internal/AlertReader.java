package dev.opsbook.runbook.internal;

import dev.opsbook.runbook.AlertSettings;
import dev.opsbook.runbook.SourcePosition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads {@code alerts:} (alert names), {@code alert_channels:} ({@code slack:C0123} or {@code discord:98765}) and
 * {@code on_alert: {run: PROCEDURE}} from the front matter.
 */
final class AlertReader {
    static final Set<String> ON_ALERT_KEYS = Set.of("run");
    static final Set<String> PLATFORMS = Set.of("slack", "discord");

    private final YamlTree tree;

    AlertReader(YamlTree tree) {
        this.tree = tree;
    }

    AlertSettings read(Map<String, Node> top) {
        List<String> names = new ArrayList<>();
        Node alerts = top.get("alerts");
        if (alerts != null) {
            Set<String> seen = new HashSet<>();
            for (Node item : tree.list(alerts, "alerts")) {
                String name = tree.text(item, "an item of alerts").orElse("").strip();
                if (name.isEmpty()) {
                    tree.findings().at(tree.position(item), Rule.BAD_VALUE,
                            "an alert name in alerts is empty: write the alert's alertname label, e.g. OrdersDbDown");
                } else if (!seen.add(name)) {
                    tree.findings().at(tree.position(item), Rule.BAD_VALUE, "alert " + name + " is listed twice in alerts");
                } else {
                    names.add(name);
                }
            }
        }
        List<String> channels = new ArrayList<>();
        Node channelNode = top.get("alert_channels");
        if (channelNode != null) {
            for (Node item : tree.list(channelNode, "alert_channels")) {
                String channel = tree.text(item, "an item of alert_channels").orElse("").strip();
                int colon = channel.indexOf(':');
                if (colon <= 0 || colon == channel.length() - 1 || !PLATFORMS.contains(channel.substring(0, colon))) {
                    tree.findings().at(tree.position(item), Rule.BAD_VALUE, "alert channel \"" + channel
                            + "\" is not platform:channel: write slack:C0123ABCD or discord:987654321098765432");
                } else {
                    channels.add(channel);
                }
            }
        }
        Optional<String> run = Optional.empty();
        Node onAlert = top.get("on_alert");
        if (onAlert != null) {
            Map<String, Node> m = tree.mapping(onAlert, "on_alert", "on_alert", ON_ALERT_KEYS);
            run = Optional.ofNullable(m.get("run")).flatMap(n -> tree.text(n, "on_alert.run")).map(String::strip)
                    .filter(s -> !s.isEmpty());
            if (run.isEmpty()) {
                tree.findings().at(tree.position(onAlert), Rule.MISSING_FIELD,
                        "on_alert names no procedure: write on_alert: {run: diagnose} with a procedure of read-only steps");
            }
        }
        SourcePosition position = alerts != null ? tree.position(alerts)
                : onAlert != null ? tree.position(onAlert) : SourcePosition.START;
        return new AlertSettings(names, channels, run, position);
    }
}
