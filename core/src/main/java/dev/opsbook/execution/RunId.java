package dev.opsbook.execution;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A run's identifier, short enough to type: {@code r-} and 10 hex digits. */
public record RunId(String value) {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    public RunId {
        if (!FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("not a run id: \"" + value + "\" (expected something like r-3f9a0c12de)");
        }
    }

    public static RunId random() {
        byte[] bytes = new byte[5];
        RANDOM.nextBytes(bytes);
        return new RunId("r-" + HexFormat.of().formatHex(bytes));
    }

    @Override
    public String toString() {
        return value;
    }
}
