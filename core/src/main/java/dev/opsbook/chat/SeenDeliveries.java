package dev.opsbook.chat;

/**
 * Remembers chat deliveries already handled, so a platform's retry or a duplicate delivery is
 * acknowledged but not acted on twice. Keys are platform-scoped ({@code slack:event:Ev123},
 * {@code slack:trigger:123.456}). Contract: {@link #firstSighting} is atomic — of concurrent calls
 * with one key exactly one returns true. Several replicas need a shared (JDBC) implementation
 * with the same window.
 */
@FunctionalInterface
public interface SeenDeliveries {

    /** True the first time {@code key} is seen within the window; false for every repeat. */
    boolean firstSighting(String key);
}
