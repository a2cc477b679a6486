package dev.opsbook.execution;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces secrets in output text with {@value #MASK}: known secret values (secret parameters,
 * declared secrets) anywhere, and configured patterns. A pattern with a group named {@code secret}
 * masks only that group ({@code password=hunter2} → {@code password=***}); otherwise the whole match.
 */
public final class Redactor {
    public static final String MASK = "***";

    /** Slack tokens, password/token/secret assignments, AWS access keys and secret keys, Bearer tokens, GitHub tokens, private keys. */
    public static final List<Pattern> DEFAULT_PATTERNS = List.of(
            Pattern.compile("xox[abposr]-[A-Za-z0-9-]{8,}"),
            Pattern.compile("(?i)\\b(?:password|passwd|pwd|secret|token|api[_-]?key)\\s*[=:]\\s*(?<secret>\"[^\"]*\"|'[^']*'|[^\\s&;,'\"]+)"),
            Pattern.compile("(?i)postgres(?:ql)?://[^:/@\\s]+:(?<secret>[^@\\s]+)@"),
            Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"),
            Pattern.compile("(?i)aws_secret_access_key\\s*[=:]\\s*(?<secret>[A-Za-z0-9/+=]{20,})"),
            Pattern.compile("(?i)\\bBearer\\s+(?<secret>[A-Za-z0-9._~+/=-]{8,})"),
            Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{30,}\\b"),
            Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"));

    /**
     * Lower-case words one of which a line must contain for a default pattern to match: checking them
     * first is ~10x cheaper than running eight regular expressions over every line of output.
     */
    private static final java.util.Map<String, List<String>> HINTS = java.util.Map.of(
            DEFAULT_PATTERNS.get(0).pattern(), List.of("xox"),
            DEFAULT_PATTERNS.get(1).pattern(), List.of("pass", "pwd", "secret", "token", "api"),
            DEFAULT_PATTERNS.get(2).pattern(), List.of("postgres"),
            DEFAULT_PATTERNS.get(3).pattern(), List.of("akia", "asia"),
            DEFAULT_PATTERNS.get(4).pattern(), List.of("aws_secret_access_key"),
            DEFAULT_PATTERNS.get(5).pattern(), List.of("bearer"),
            DEFAULT_PATTERNS.get(6).pattern(), List.of("gh"),
            DEFAULT_PATTERNS.get(7).pattern(), List.of("private key"));

    private final List<String> values;
    private final List<Pattern> patterns;
    private final List<List<String>> hints;

    public Redactor(Collection<String> secretValues, List<Pattern> patterns) {
        this.values = secretValues.stream().filter(v -> v != null && !v.isEmpty()).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
        this.patterns = List.copyOf(patterns);
        this.hints = this.patterns.stream().map(p -> HINTS.getOrDefault(p.pattern(), List.of())).toList();
    }

    public static Redactor none() {
        return new Redactor(List.of(), List.of());
    }

    public String redact(String text) {
        String out = text;
        for (String v : values) {
            if (out.contains(v)) {
                out = out.replace(v, MASK);
            }
        }
        String lower = null;
        for (int i = 0; i < patterns.size(); i++) {
            List<String> words = hints.get(i);
            if (!words.isEmpty()) {
                if (lower == null) {
                    lower = out.toLowerCase(java.util.Locale.ROOT);
                }
                String l = lower;
                if (words.stream().noneMatch(l::contains)) {
                    continue;
                }
            }
            String before = out;
            out = apply(patterns.get(i), out);
            if (!before.equals(out)) {
                lower = null;
            }
        }
        return out;
    }

    private static String apply(Pattern p, String text) {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            return text;
        }
        boolean grouped = p.pattern().contains("(?<secret>");
        StringBuilder sb = new StringBuilder();
        int last = 0;
        do {
            int start = grouped ? m.start("secret") : m.start();
            int end = grouped ? m.end("secret") : m.end();
            sb.append(text, last, start).append(MASK);
            last = end;
        } while (m.find());
        return sb.append(text, last, text.length()).toString();
    }
}
