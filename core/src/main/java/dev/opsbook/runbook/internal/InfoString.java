package dev.opsbook.runbook.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A fenced code block's info string: the language and the attributes in braces. Three forms are
 * read: opsbook's {@code {#id kind=restore confirm="type it"}}, Runme's JSON form
 * {@code {"name":"restore-db","interactive":"false"}} and Runme's {@code {name=restore-db}} form
 * (attributes with {@code name} and no {@code #id}). {@code offset}s are relative to the info string.
 */
public record InfoString(String language, Form form, List<Attribute> attributes, Optional<Problem> problem) {

    public enum Form { NONE, OPSBOOK, RUNME_JSON, RUNME }

    /** One attribute as written; {@code #x} is read as {@code id=x}, a bare word as {@code word=true}. */
    public record Attribute(String key, String value, int offset, int valueOffset) {}

    public record Problem(String message, int offset) {}

    public static InfoString parse(String info) {
        int brace = info.indexOf('{');
        String language = (brace < 0 ? info : info.substring(0, brace)).strip();
        int space = language.indexOf(' ');
        if (space >= 0) {
            language = language.substring(0, space);
        }
        if (brace < 0) {
            return new InfoString(language, Form.NONE, List.of(), Optional.empty());
        }
        int close = info.lastIndexOf('}');
        if (close < brace) {
            return new InfoString(language, Form.OPSBOOK, List.of(), Optional.of(new Problem(
                    "the attribute list is not closed: end it with '}'", brace)));
        }
        boolean json = info.substring(brace + 1).stripLeading().startsWith("\"");
        List<Attribute> attributes = new ArrayList<>();
        Optional<Problem> problem = new Scanner(info, brace + 1, close, attributes).run();
        Form form = json ? Form.RUNME_JSON : Form.OPSBOOK;
        boolean hashId = attributes.stream().anyMatch(a -> a.key().equals("id") && info.startsWith("#", a.offset()));
        if (!json && !hashId && attributes.stream().anyMatch(a -> a.key().equals("name"))) {
            form = Form.RUNME;
        }
        return new InfoString(language, form, List.copyOf(attributes), problem);
    }

    /** Reads {@code key=value}, {@code "key": value}, {@code #id} and bare words up to {@code end}. */
    private static final class Scanner {
        private final String s;
        private final int end;
        private final List<Attribute> out;
        private int i;

        Scanner(String s, int start, int end, List<Attribute> out) {
            this.s = s;
            this.i = start;
            this.end = end;
            this.out = out;
        }

        Optional<Problem> run() {
            while (true) {
                skipSeparators();
                if (i >= end) {
                    return Optional.empty();
                }
                int keyOffset = i;
                String key;
                if (s.charAt(i) == '#') {
                    i++;
                    int valueOffset = i;
                    out.add(new Attribute("id", word(), keyOffset, valueOffset));
                    continue;
                }
                if (s.charAt(i) == '"' || s.charAt(i) == '\'') {
                    Optional<String> quoted = quoted();
                    if (quoted.isEmpty()) {
                        return Optional.of(new Problem("the quoted text is not closed: add the closing quote", keyOffset));
                    }
                    key = quoted.get();
                } else {
                    key = word();
                }
                if (key.isEmpty()) {
                    return Optional.of(new Problem("unexpected '" + s.charAt(i) + "' in the attributes: write key=value pairs", i));
                }
                skipSpaces();
                if (i < end && (s.charAt(i) == '=' || s.charAt(i) == ':')) {
                    i++;
                    skipSpaces();
                    int valueOffset = i;
                    String value;
                    if (i < end && (s.charAt(i) == '"' || s.charAt(i) == '\'')) {
                        Optional<String> quoted = quoted();
                        if (quoted.isEmpty()) {
                            return Optional.of(new Problem("the value of '" + key + "' is not closed: add the closing quote", valueOffset));
                        }
                        value = quoted.get();
                    } else {
                        value = word();
                    }
                    out.add(new Attribute(key, value, keyOffset, valueOffset));
                } else {
                    out.add(new Attribute(key, "true", keyOffset, keyOffset));
                }
            }
        }

        private void skipSeparators() {
            while (i < end && (Character.isWhitespace(s.charAt(i)) || s.charAt(i) == ',')) i++;
        }

        private void skipSpaces() {
            while (i < end && Character.isWhitespace(s.charAt(i))) i++;
        }

        private String word() {
            int start = i;
            while (i < end) {
                char c = s.charAt(i);
                if (Character.isWhitespace(c) || c == '=' || c == ':' && start == i || c == '"' || c == '\''
                        || c == '{' || c == '}' || c == ',' && !isListValue(start)) {
                    break;
                }
                i++;
            }
            return s.substring(start, i);
        }

        /** {@code requires=a,b}: a comma inside a value keeps the list together unless JSON-style. */
        private boolean isListValue(int start) {
            return start > 0 && s.charAt(start - 1) == '=';
        }

        private Optional<String> quoted() {
            char quote = s.charAt(i++);
            StringBuilder b = new StringBuilder();
            while (i < end) {
                char c = s.charAt(i++);
                if (c == quote) {
                    return Optional.of(b.toString());
                }
                if (c == '\\' && i < end) {
                    char n = s.charAt(i++);
                    b.append(switch (n) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        default -> n;
                    });
                } else {
                    b.append(c);
                }
            }
            return Optional.empty();
        }
    }
}
