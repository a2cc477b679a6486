package dev.opsbook.drill;

/** A drill that could not begin (no drill block, a parameter that would move the sandbox); audited as {@code drill.refused}. */
public final class DrillRefusedException extends RuntimeException {
    public DrillRefusedException(String reason) {
        super(reason);
    }
}
