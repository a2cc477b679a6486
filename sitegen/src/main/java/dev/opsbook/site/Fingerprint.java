package dev.opsbook.site;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Content hashes of page inputs. {@link #of} walks records, collections and maps into a canonical
 * text (map keys sorted, so hash-ordered maps hash the same in every JVM) and digests it.
 */
final class Fingerprint {
    private static final ClassValue<Method[]> ACCESSORS = new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Method[] methods = new Method[components.length];
            for (int i = 0; i < components.length; i++) {
                methods[i] = components[i].getAccessor();
                methods[i].setAccessible(true);
            }
            return methods;
        }
    };

    private Fingerprint() {}

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Fingerprint::sha256);

    static String of(Object... parts) {
        StringBuilder text = new StringBuilder(512);
        for (Object part : parts) {
            append(text, part);
            text.append('\u0001');
        }
        MessageDigest digest = DIGEST.get();
        digest.reset();
        return HexFormat.of().formatHex(digest.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static void append(StringBuilder out, Object value) {
        switch (value) {
            case null -> out.append("\u0000");
            case Optional<?> o -> {
                out.append("?");
                append(out, o.orElse(null));
            }
            case Map<?, ?> m -> {
                out.append('{');
                new TreeMap<>(stringKeys(m)).forEach((k, v) -> {
                    out.append(k).append('=');
                    append(out, v);
                    out.append(',');
                });
                out.append('}');
            }
            case Collection<?> c -> {
                out.append('[');
                c.forEach(e -> {
                    append(out, e);
                    out.append(',');
                });
                out.append(']');
            }
            case Record r -> {
                out.append(r.getClass().getSimpleName()).append('(');
                for (Method accessor : ACCESSORS.get(r.getClass())) {
                    try {
                        append(out, accessor.invoke(r));
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException("cannot read " + accessor, e);
                    }
                    out.append(';');
                }
                out.append(')');
            }
            case String str -> out.append(str).append('\u0002');
            default -> out.append(value).append('\u0002');
        }
    }

    private static Map<String, Object> stringKeys(Map<?, ?> m) {
        Map<String, Object> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }
}
