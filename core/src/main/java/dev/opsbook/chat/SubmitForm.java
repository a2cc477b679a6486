package dev.opsbook.chat;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A filled-in {@link ChatForm}: {@code values} by field name (blank fields left out), from
 * {@code requester} in {@code thread}. Values may be secrets: {@link #toString()} names the fields only.
 */
public record SubmitForm(FormPurpose purpose, Map<String, String> values, Requester requester, ChatThread thread,
                         String deliveryId) {
    public SubmitForm {
        if (purpose == null || requester == null || thread == null) {
            throw new IllegalArgumentException("a submitted form needs a purpose, a requester and a thread");
        }
        Map<String, String> kept = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k != null && v != null && !v.isBlank()) {
                kept.put(k, v.strip());
            }
        });
        values = java.util.Collections.unmodifiableMap(kept);
        deliveryId = deliveryId == null ? "" : deliveryId;
    }

    @Override
    public String toString() {
        return "SubmitForm[" + purpose.value() + ", fields " + values.keySet() + ", by " + requester.user().key() + "]";
    }
}
