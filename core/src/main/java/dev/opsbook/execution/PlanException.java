package dev.opsbook.execution;

/** The requested procedure or step cannot be planned (unknown name, a {@code requires} cycle, a missing rollback step). */
public class PlanException extends RuntimeException {
    public PlanException(String message) {
        super(message);
    }
}
