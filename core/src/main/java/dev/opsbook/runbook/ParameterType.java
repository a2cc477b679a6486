package dev.opsbook.runbook;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The declared type of a runbook parameter. */
public enum ParameterType {
    STRING, INT, BOOL, ENUM, DURATION;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ParameterType> parse(String text) {
        return Arrays.stream(values()).filter(t -> t.label().equals(text)).findFirst();
    }
}
