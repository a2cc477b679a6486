package dev.opsbook.alert;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /hooks/alertmanager}: Alertmanager's webhook (payload version 4), Grafana alerting's webhook and the
 * generic form of docs/alerts.md. {@code Authorization: Bearer <OPSBOOK_ALERTMANAGER_TOKEN>} is required (401
 * otherwise, also when no token is configured); the token is compared in constant time and never logged. A body
 * opsbook cannot read gets 400 with the reason; an accepted one 200 with the incident id.
 */
@RestController
public final class AlertmanagerHook {
    private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerHook.class);

    private final AlertIntake intake;
    private final byte[] token;

    public AlertmanagerHook(AlertIntake intake, AlertHookToken token) {
        this.intake = intake;
        this.token = token.value().getBytes(StandardCharsets.UTF_8);
    }

    @PostMapping("/hooks/alertmanager")
    ResponseEntity<Map<String, Object>> receive(HttpServletRequest http) throws IOException {
        if (token.length == 0) {
            LOG.warn("refused an alert notification from {}: alert intake is off (set OPSBOOK_ALERTMANAGER_TOKEN)", http.getRemoteAddr());
            return ResponseEntity.status(401).body(Map.of("error", "alert intake is not configured: set OPSBOOK_ALERTMANAGER_TOKEN on the server"));
        }
        if (!authorised(http.getHeader("Authorization"))) {
            LOG.warn("refused an alert notification from {}: missing or wrong bearer token", http.getRemoteAddr());
            return ResponseEntity.status(401).header("WWW-Authenticate", "Bearer")
                    .body(Map.of("error", "missing or wrong bearer token"));
        }
        byte[] body;
        try (InputStream in = http.getInputStream()) {
            body = in.readNBytes(AlertPayload.MAX_BYTES + 1);
        }
        AlertNotification n;
        try {
            n = AlertPayload.parse(body);
        } catch (BadAlertPayloadException e) {
            LOG.warn("refused an alert notification from {}: {}", http.getRemoteAddr(), e.getMessage());
            return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
        }
        Incidents.Received r = intake.receive(n);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("incident", r.incident().id());
        answer.put("runbook", r.incident().match().map(m -> m.runbook().id()).orElse(null));
        answer.put("status", r.incident().resolved() ? "resolved" : "firing");
        return ResponseEntity.ok(answer);
    }

    private boolean authorised(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(header.substring(7).strip().getBytes(StandardCharsets.UTF_8), token);
    }
}
