package dev.opsbook.catalog;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.AuditLog;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Audit events about one artifact, with the facts every catalog action records. */
final class CatalogAudit {
    private CatalogAudit() {}

    static void append(AuditLog audit, Actor actor, String action, BackupArtifact a, String result, Map<String, String> extra) {
        Map<String, String> details = new HashMap<>(extra);
        details.put("artifact", a.id());
        details.put("service", a.service());
        details.put("location", a.location().toString());
        details.put("sha256", a.sha256());
        details.put("size_bytes", Long.toString(a.size()));
        audit.append(new AuditEvent(actor, action, Optional.of(a.runId()), Optional.of(a.stepId()), Optional.of(a.runbook()),
                Map.of(), result, Optional.empty(), Optional.empty(), details));
    }
}
