package dev.opsbook.web;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.AuditLog;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Writes {@code auth.sign_in} audit events: who (the name as typed, cut to 64 characters), how ({@code password},
 * {@code oidc}), ok or failed and why, and from which address. Never the password.
 */
final class SignInAudit {
    private final AuditLog audit;

    SignInAudit(AuditLog audit) {
        this.audit = audit;
    }

    void ok(String name, String method, String address) {
        record(name, method, "ok", null, address);
    }

    void failed(String name, String method, String reason, String address) {
        record(name, method, "failed", reason, address);
    }

    private void record(String name, String method, String result, String reason, String address) {
        String who = name == null || name.isBlank() ? "(blank)" : name.strip();
        who = who.length() > 64 ? who.substring(0, 64) : who;
        Map<String, String> details = new LinkedHashMap<>();
        details.put("method", method);
        if (reason != null) {
            details.put("reason", reason);
        }
        if (address != null && !address.isBlank()) {
            details.put("address", address);
        }
        audit.append(new AuditEvent(new Actor("web", who, who), AuditActions.AUTH_SIGN_IN, Optional.empty(), Optional.empty(),
                Optional.empty(), Map.of(), result, Optional.empty(), Optional.empty(), details));
    }
}
