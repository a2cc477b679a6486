package dev.opsbook.site;

import java.util.LinkedHashMap;

/** A Mustache scope: an insertion-ordered map that skips null values, so absent facts render as empty sections. */
final class Scope extends LinkedHashMap<String, Object> {
    static Scope of(Object... keyValues) {
        Scope s = new Scope();
        for (int i = 0; i < keyValues.length; i += 2) {
            s.with((String) keyValues[i], keyValues[i + 1]);
        }
        return s;
    }

    Scope with(String key, Object value) {
        if (value instanceof java.util.Optional<?> o) {
            value = o.orElse(null);
        }
        if (value != null && !(value instanceof String str && str.isEmpty())) {
            put(key, value);
        }
        return this;
    }
}
