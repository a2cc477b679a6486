package dev.opsbook.chat;

/** Command text that cannot be understood; the message says what is wrong, for the user. */
final class CommandSyntaxException extends Exception {
    CommandSyntaxException(String message) {
        super(message);
    }
}
