package dev.opsbook.alert;

/** A webhook body that is not an alert notification opsbook understands; the message says what is wrong. */
public final class BadAlertPayloadException extends RuntimeException {
    public BadAlertPayloadException(String reason) {
        super(reason);
    }
}
