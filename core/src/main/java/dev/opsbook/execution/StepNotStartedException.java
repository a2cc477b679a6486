package dev.opsbook.execution;

/** A step's process was not started (audit log unavailable, not authorised); the message says why. */
class StepNotStartedException extends RuntimeException {
    StepNotStartedException(String message, Throwable cause) {
        super(message, cause);
    }
}
