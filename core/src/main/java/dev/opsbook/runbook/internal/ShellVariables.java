package dev.opsbook.runbook.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the variables a shell script reads ({@code $VAR}, {@code ${VAR}}) and the ones it sets
 * itself. Deliberately forgiving, to keep false positives low: text in single quotes, comments and
 * quoted here-documents is skipped; {@code ${VAR:-default}}, {@code ${VAR:=x}} and {@code ${VAR:+x}} reads (which
 * handle an unset variable) and special parameters ({@code $1 $? $@ $# $$ $! $- $*}) are not reported.
 */
final class ShellVariables {
    private static final Pattern ASSIGN = Pattern.compile(
            "(?:^|[;&|({`]|\\bthen\\b|\\bdo\\b|\\belse\\b)\\s*(?:export\\s+|local\\s+|readonly\\s+|declare\\s+(?:-\\w+\\s+)*"
                    + "|typeset\\s+(?:-\\w+\\s+)*)?([A-Za-z_][A-Za-z0-9_]*)(?:\\[[^]]*])?\\+?=", Pattern.MULTILINE);
    private static final Pattern DECLARE = Pattern.compile(
            "\\b(?:export|local|readonly|declare|typeset|unset)((?:\\s+-\\w+)*(?:\\s+[A-Za-z_][A-Za-z0-9_]*(?:=\\S*)?)+)");
    private static final Pattern READ = Pattern.compile("\\b(?:read|mapfile|readarray)((?:\\s+-[A-Za-z]+(?:\\s+(?!-)\\S+)?)*"
            + "(?:\\s+[A-Za-z_][A-Za-z0-9_]*)+)");
    private static final Pattern FOR = Pattern.compile("\\b(?:for|select)\\s+([A-Za-z_][A-Za-z0-9_]*)\\s+in\\b");
    private static final Pattern GETOPTS = Pattern.compile("\\bgetopts\\s+\\S+\\s+([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern ARITH_FOR = Pattern.compile("\\bfor\\s*\\(\\(\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*=");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern HEREDOC = Pattern.compile("<<-?\\s*(['\"])([A-Za-z_][A-Za-z0-9_]*)\\1");

    private ShellVariables() {}

    /** Names the script assigns, exports, reads into or loops over. */
    static Set<String> assigned(String code) {
        Set<String> names = new java.util.HashSet<>();
        collect(ASSIGN, code, names);
        collect(FOR, code, names);
        collect(GETOPTS, code, names);
        collect(ARITH_FOR, code, names);
        for (Pattern list : new Pattern[] {DECLARE, READ}) {
            Matcher m = list.matcher(code);
            while (m.find()) {
                for (String word : m.group(1).strip().split("\\s+")) {
                    String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
                    if (NAME.matcher(name).matches()) {
                        names.add(name);
                    }
                }
            }
        }
        return names;
    }

    private static void collect(Pattern p, String code, Set<String> into) {
        Matcher m = p.matcher(code);
        while (m.find()) {
            into.add(m.group(1));
        }
    }

    /** The first read of each variable, by name, with its offset in the code. */
    static Map<String, Integer> read(String code) {
        Map<String, Integer> out = new LinkedHashMap<>();
        int n = code.length();
        int i = 0;
        boolean inDouble = false;
        while (i < n) {
            char c = code.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '\'' && !inDouble) {
                int close = code.indexOf('\'', i + 1);
                i = close < 0 ? n : close + 1;
            } else if (c == '"') {
                inDouble = !inDouble;
                i++;
            } else if (c == '#' && !inDouble && (i == 0 || Character.isWhitespace(code.charAt(i - 1)))) {
                int eol = code.indexOf('\n', i);
                i = eol < 0 ? n : eol;
            } else if (c == '<' && !inDouble && code.startsWith("<<", i)) {
                i = skipQuotedHeredoc(code, i);
            } else if (c == '$' && i + 1 < n) {
                i = variable(code, i, out);
            } else {
                i++;
            }
        }
        return out;
    }

    private static int skipQuotedHeredoc(String code, int i) {
        Matcher m = HEREDOC.matcher(code).region(i, Math.min(code.length(), i + 80));
        if (!m.lookingAt()) {
            return i + 2;
        }
        String word = m.group(2);
        Matcher end = Pattern.compile("^\\s*" + word + "\\s*$", Pattern.MULTILINE).matcher(code);
        int bodyStart = code.indexOf('\n', m.end());
        if (bodyStart < 0) {
            return code.length();
        }
        return end.find(bodyStart + 1) ? end.end() : code.length();
    }

    private static int variable(String code, int i, Map<String, Integer> out) {
        char next = code.charAt(i + 1);
        if (next == '{') {
            int close = code.indexOf('}', i + 2);
            String inner = close < 0 ? "" : code.substring(i + 2, close);
            Matcher m = NAME.matcher(inner);
            if (m.lookingAt()) {
                String rest = inner.substring(m.end());
                boolean handlesUnset = rest.startsWith(":-") || rest.startsWith("-") || rest.startsWith(":=")
                        || rest.startsWith("=") || rest.startsWith(":+") || rest.startsWith("+");
                if (!handlesUnset) {
                    out.putIfAbsent(m.group(), i);
                }
            }
            return close < 0 ? code.length() : close + 1;
        }
        Matcher m = NAME.matcher(code).region(i + 1, code.length());
        if (m.lookingAt()) {
            out.putIfAbsent(m.group(), i);
            return m.end();
        }
        return i + 2;
    }
}
