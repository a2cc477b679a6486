package dev.opsbook.site.markdown;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the step id in a fenced block's info string: {@code {#id ...}}, {@code id=...}, Runme's {@code name=...} or {@code "name":"..."}. */
final class InfoString {
    private static final Pattern HASH_ID = Pattern.compile("\\{[^}]*?#([A-Za-z0-9_.:-]+)");
    private static final Pattern KEY_ID = Pattern.compile("[{\\s,]\"?(?:id|name)\"?\\s*[=:]\\s*\"?([A-Za-z0-9_.:-]+)");

    private InfoString() {}

    static boolean hasAttributes(String info) {
        return info.contains("{");
    }

    static Optional<String> stepId(String info) {
        int brace = info.indexOf('{');
        if (brace < 0) {
            return Optional.empty();
        }
        String attrs = info.substring(brace);
        Matcher m = HASH_ID.matcher(attrs);
        if (m.find()) {
            return Optional.of(m.group(1));
        }
        m = KEY_ID.matcher(attrs);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
