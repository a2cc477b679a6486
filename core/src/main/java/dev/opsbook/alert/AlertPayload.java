package dev.opsbook.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads a webhook body: Alertmanager's webhook payload (version 4), Grafana alerting's webhook (the same
 * shape, version 1, with extra fields that are ignored), or the generic form documented in docs/alerts.md
 * (the same fields; {@code version}, {@code groupKey} and {@code fingerprint} may be left out). Anything else
 * is refused with a {@link BadAlertPayloadException} that says what is wrong.
 */
public final class AlertPayload {
    /** Bodies larger than this are refused (Alertmanager's own default limit on a group is far below it). */
    public static final int MAX_BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Alertmanager's "zero" time for a firing alert's endsAt. */
    private static final Instant GO_ZERO = Instant.parse("0001-01-01T00:00:00Z");

    private AlertPayload() {}

    public static AlertNotification parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new BadAlertPayloadException("the body is empty: send the alert notification as JSON");
        }
        if (body.length > MAX_BYTES) {
            throw new BadAlertPayloadException("the body has " + body.length + " bytes, more than the " + MAX_BYTES + " accepted");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadAlertPayloadException("the body is not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new BadAlertPayloadException("the body cannot be read as JSON");
        }
        if (root == null || !root.isObject()) {
            throw new BadAlertPayloadException("the body is not a JSON object with an `alerts` list");
        }
        String version = text(root, "version", "");
        String source = switch (version) {
            case "4" -> "alertmanager";
            case "1" -> root.has("orgId") || root.has("state") ? "grafana" : "generic";
            case "" -> "generic";
            default -> throw new BadAlertPayloadException("payload version `" + version
                    + "` is not supported: opsbook reads Alertmanager's version 4 and Grafana's webhook (version 1)");
        };
        JsonNode alertsNode = root.get("alerts");
        if (alertsNode == null || !alertsNode.isArray()) {
            throw new BadAlertPayloadException("`alerts` is missing or not a list");
        }
        if (alertsNode.isEmpty()) {
            throw new BadAlertPayloadException("`alerts` is empty: a notification carries at least one alert");
        }
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < alertsNode.size(); i++) {
            alerts.add(alert(alertsNode.get(i), "alerts[" + i + "]"));
        }
        String status = text(root, "status", alerts.stream().anyMatch(Alert::firing) ? "firing" : "resolved");
        if (!status.equals("firing") && !status.equals("resolved")) {
            throw new BadAlertPayloadException("`status` is `" + status + "`: it must be firing or resolved");
        }
        Map<String, String> groupLabels = strings(root.get("groupLabels"), "groupLabels");
        String groupKey = text(root, "groupKey", "");
        if (groupKey.isBlank()) {
            groupKey = groupLabels.isEmpty() ? "{}:" + alerts.getFirst().fingerprint() : "{}:" + fingerprint(groupLabels);
        }
        int truncated = root.path("truncatedAlerts").asInt(0);
        return new AlertNotification(source, text(root, "receiver", ""), status.equals("firing"), groupKey, groupLabels,
                alerts, text(root, "externalURL", ""), truncated);
    }

    private static Alert alert(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new BadAlertPayloadException(where + " is not an object");
        }
        Map<String, String> labels = strings(node.get("labels"), where + ".labels");
        if (labels.getOrDefault("alertname", "").isBlank()) {
            throw new BadAlertPayloadException(where + " has no label `alertname`");
        }
        String status = text(node, "status", "firing");
        if (!status.equals("firing") && !status.equals("resolved")) {
            throw new BadAlertPayloadException(where + ".status is `" + status + "`: it must be firing or resolved");
        }
        Instant startsAt = time(node, "startsAt", where).orElseThrow(() ->
                new BadAlertPayloadException(where + " has no `startsAt` (RFC 3339 time)"));
        Optional<Instant> endsAt = time(node, "endsAt", where).filter(t -> t.isAfter(GO_ZERO));
        String fingerprint = text(node, "fingerprint", "");
        return new Alert(status.equals("firing"), labels, strings(node.get("annotations"), where + ".annotations"),
                startsAt, status.equals("resolved") ? endsAt : Optional.empty(),
                fingerprint.isBlank() ? fingerprint(labels) : fingerprint, text(node, "generatorURL", ""));
    }

    private static Optional<Instant> time(JsonNode node, String field, String where) {
        String value = text(node, field, "");
        if (value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException e) {
            throw new BadAlertPayloadException(where + "." + field + " `" + clip(value) + "` is not an RFC 3339 time");
        }
    }

    private static Map<String, String> strings(JsonNode node, String where) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw new BadAlertPayloadException(where + " is not an object of strings");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            JsonNode v = e.getValue();
            if (!v.isValueNode()) {
                throw new BadAlertPayloadException(where + "." + e.getKey() + " is not a string");
            }
            out.put(e.getKey(), v.asText());
        }
        return out;
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isValueNode()) {
            throw new BadAlertPayloadException("`" + field + "` is not a string");
        }
        return v.asText();
    }

    /** 16 hex digits of SHA-256 over the sorted labels: stable for the same label set. */
    static String fingerprint(Map<String, String> labels) {
        StringBuilder canonical = new StringBuilder();
        new TreeMap<>(labels).forEach((k, v) -> canonical.append(k).append('\u0000').append(v).append('\u0000'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String clip(String s) {
        return s.length() <= 60 ? s : s.substring(0, 59) + "…";
    }
}
