package dev.opsbook.chat;

import java.util.Map;

/** {@code /runbook drill ID [k=v ...]}: rehearse a restore; {@code deliveryId} dedupes retried deliveries like {@link StartRun}. */
public record StartDrill(String runbookId, Map<String, String> params, Requester requester, ChatThread thread,
                         String deliveryId) {
    public StartDrill {
        params = Map.copyOf(params);
    }
}
