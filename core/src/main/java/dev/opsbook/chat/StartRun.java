package dev.opsbook.chat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Start (or dry-run) runbook {@code runbookId}: the whole runbook, or only {@code target}, a
 * procedure name/slug or a step id. {@code params} are the {@code k=v} pairs as typed (the engine
 * validates them). {@code thread} is where the command was typed; the run's thread mirrors there.
 * {@code deliveryId} identifies the chat delivery that asked, so a retried delivery is recognised.
 */
public record StartRun(
        String runbookId,
        Optional<String> target,
        Map<String, String> params,
        boolean dryRun,
        Requester requester,
        ChatThread thread,
        String deliveryId) {

    public StartRun {
        if (runbookId == null || runbookId.isBlank()) {
            throw new IllegalArgumentException("starting a run needs a runbook id");
        }
        if (requester == null || thread == null) {
            throw new IllegalArgumentException("starting a run needs a requester and a thread");
        }
        target = target == null ? Optional.empty() : target.filter(t -> !t.isBlank());
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        deliveryId = deliveryId == null ? "" : deliveryId;
    }
}
