package dev.opsbook.execution;

import dev.opsbook.runbook.Parameter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The parameter values a run records and an approval approves: plain values as they are, secret ones
 * as {@code sha256:} and 16 hex digits of SHA-256 over the run id, the name and the value. A digest
 * tells whether a secret changed between two moments of one run without revealing it (a weak secret
 * can still be guessed from it by trying values: use strong secrets).
 */
public final class ParameterBinding {
    public static final String DIGEST_PREFIX = "sha256:";

    private ParameterBinding() {}

    /** {@code values} with the secret ones (by {@code declared}) replaced by their digests; undeclared names are dropped. */
    public static Map<String, String> of(List<Parameter> declared, RunId run, Map<String, String> values) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Parameter p : declared) {
            String v = values.get(p.name());
            if (v != null) {
                out.put(p.name(), p.secret() ? digest(run, p.name(), v) : v);
            }
        }
        values.forEach((k, v) -> {
            if (declared.stream().noneMatch(p -> p.name().equals(k))) {
                out.put(k, Run.REDACTED); // unknown names are refused by validation; never echo them
            }
        });
        return out;
    }

    static String digest(RunId run, String name, String value) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((run.value() + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
            byte[] hash = sha.digest(value.getBytes(StandardCharsets.UTF_8));
            return DIGEST_PREFIX + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** name → "old → new" for every name whose bound value differs ({@code (unset)} when absent), in name order. */
    public static Map<String, String> changes(Map<String, String> before, Map<String, String> after) {
        Map<String, String> out = new LinkedHashMap<>();
        TreeSet<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String n : names) {
            String was = before.get(n);
            String now = after.get(n);
            if (Run.REDACTED.equals(was)) {
                continue; // recorded before digests were kept: nothing to compare with
            }
            if (was == null ? now != null : !was.equals(now)) {
                out.put(n, (was == null ? "(unset)" : was) + " → " + (now == null ? "(unset)" : now));
            }
        }
        return out;
    }
}
