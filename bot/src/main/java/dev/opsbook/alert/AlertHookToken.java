package dev.opsbook.alert;

/** The bearer token {@code POST /hooks/alertmanager} requires ({@code OPSBOOK_ALERTMANAGER_TOKEN}); empty: intake off. */
public record AlertHookToken(String value) {
    public AlertHookToken {
        value = value == null ? "" : value.strip();
    }

    @Override
    public String toString() {
        return "AlertHookToken[" + (value.isEmpty() ? "unset" : "set") + "]";
    }
}
