package dev.opsbook.jdbc;

/** opsbook's database cannot be reached or prepared; the message says which one and what to check. */
public class DatabaseUnavailableException extends RuntimeException {
    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
