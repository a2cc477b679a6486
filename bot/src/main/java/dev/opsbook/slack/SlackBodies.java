package dev.opsbook.slack;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The shape a signed Slack body must have before Bolt sees it: a slash command form (with
 * {@code command}), an interactivity form whose {@code payload} is a JSON object with a
 * {@code type}, or an Events API JSON object with a {@code type} (and for {@code event_callback}
 * an {@code event} object with a {@code type}). Anything else is {@link Verdict.Malformed}, with a
 * reason that names what was wrong but never repeats the body. {@code app_rate_limited} (Slack
 * tells the app it dropped events) is {@link Verdict.Notice}: acknowledged, logged, nothing run.
 */
final class SlackBodies {
    private SlackBodies() {}

    sealed interface Verdict {
        /** For Bolt. {@code form}: the decoded fields of a form body (empty for JSON), so the caller need not decode it again. */
        record Dispatch(Map<String, String> form) implements Verdict {
            static final Dispatch JSON = new Dispatch(Map.of());

            /** A slash command form (no interactivity {@code payload}). */
            boolean slashCommand() {
                return form.containsKey("command") && !form.containsKey("payload");
            }
        }

        record Notice(String what) implements Verdict {}

        record Malformed(String reason) implements Verdict {}
    }

    static Verdict check(String contentType, String body) {
        String trimmed = body == null ? "" : body.strip();
        boolean json = contentType != null ? contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")
                : trimmed.startsWith("{") || trimmed.startsWith("[");
        return json ? event(trimmed) : form(trimmed);
    }

    private static Verdict event(String body) {
        Optional<JsonObject> root = object(body);
        if (root.isEmpty()) {
            return new Verdict.Malformed("the JSON body is not a JSON object");
        }
        Optional<String> type = string(root.get(), "type");
        if (type.isEmpty()) {
            return new Verdict.Malformed("the JSON body has no \"type\"");
        }
        return switch (type.get()) {
            case "event_callback" -> root.get().get("event") instanceof JsonObject event && string(event, "type").isPresent()
                    ? Verdict.Dispatch.JSON : new Verdict.Malformed("an event_callback without an \"event\" object with a \"type\"");
            case "app_rate_limited" -> new Verdict.Notice("Slack rate-limited this app's events (app_rate_limited):"
                    + " some events of the last minute were not delivered");
            default -> Verdict.Dispatch.JSON;
        };
    }

    private static Verdict form(String body) {
        Map<String, String> fields = new HashMap<>();
        for (int start = 0, end; start < body.length(); start = end + 1) {
            end = body.indexOf('&', start);
            end = end < 0 ? body.length() : end;
            int eq = body.indexOf('=', start);
            if (eq <= start || eq >= end) {
                continue;
            }
            try {
                fields.put(decode(body, start, eq), decode(body, eq + 1, end));
            } catch (IllegalArgumentException e) {
                return new Verdict.Malformed("the form body is not URL-encoded");
            }
        }
        if (fields.containsKey("payload")) {
            Optional<JsonObject> payload = object(fields.get("payload"));
            if (payload.isEmpty()) {
                return new Verdict.Malformed("the interactivity payload is not a JSON object");
            }
            return string(payload.get(), "type").isPresent() ? new Verdict.Dispatch(fields)
                    : new Verdict.Malformed("the interactivity payload has no \"type\"");
        }
        return fields.containsKey("command") ? new Verdict.Dispatch(fields)
                : new Verdict.Malformed("a form body that is neither a slash command nor an interactivity payload");
    }

    /** URL-decodes {@code body[from, to)}; plain text (most field names, ids) is taken as it is. */
    private static String decode(String body, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = body.charAt(i);
            if (c == '%' || c == '+') {
                return URLDecoder.decode(body.substring(from, to), StandardCharsets.UTF_8);
            }
        }
        return body.substring(from, to);
    }

    private static Optional<JsonObject> object(String text) {
        try {
            JsonElement parsed = JsonParser.parseString(text);
            return parsed != null && parsed.isJsonObject() ? Optional.of(parsed.getAsJsonObject()) : Optional.empty();
        } catch (JsonParseException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> string(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() && !e.getAsString().isBlank()
                ? Optional.of(e.getAsString()) : Optional.empty();
    }
}
