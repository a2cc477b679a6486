package dev.opsbook.runbook.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
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
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern HEREDOC = Pattern.compile("<<-?\\s*(['\"])([A-Za-z_][A-Za-z0-9_]*)\\1");
    private static final Set<String> DECLARERS = Set.of("export", "local", "readonly", "declare", "typeset", "unset");
    private static final Set<String> READERS = Set.of("read", "mapfile", "readarray");
    /** Options that take an argument (for read -a, the argument is the variable, so it counts as a name). */
    private static final Set<String> READ_OPTIONS_WITH_ARGUMENT = Set.of("-p", "-d", "-n", "-N", "-t", "-u", "-i");
    private static final Set<String> MAPFILE_OPTIONS_WITH_ARGUMENT = Set.of("-d", "-n", "-O", "-s", "-u", "-C", "-c");

    private ShellVariables() {}

    /**
     * Names the script assigns ({@code X=}, {@code X+=}, {@code X[i]=}), declares ({@code export},
     * {@code local}, {@code declare}, ...), reads into ({@code read}, {@code mapfile}) or loops over
     * ({@code for X in}, {@code getopts}). One pass over the words of the script: cheap, and
     * deliberately generous (a {@code make X=1} argument also counts).
     */
    static Set<String> assigned(String code) {
        Set<String> names = new HashSet<>();
        List<String> words = words(code);
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            assignment(w).ifPresent(names::add);
            if (DECLARERS.contains(w) || READERS.contains(w)) {
                Set<String> withArgument = w.equals("read") ? READ_OPTIONS_WITH_ARGUMENT
                        : READERS.contains(w) ? MAPFILE_OPTIONS_WITH_ARGUMENT : Set.of();
                for (int j = i + 1; j < words.size() && !isOperator(words.get(j)); j++) {
                    String arg = words.get(j);
                    if (withArgument.contains(arg)) {
                        j++;
                    } else if (!arg.startsWith("-")) {
                        int eq = arg.indexOf('=');
                        String name = eq < 0 ? arg : arg.substring(0, eq);
                        if (NAME.matcher(name).matches()) {
                            names.add(name);
                        }
                    }
                }
            } else if ((w.equals("for") || w.equals("select")) && i + 2 < words.size() && words.get(i + 2).equals("in")) {
                names.add(words.get(i + 1));
            } else if (w.equals("getopts") && i + 2 < words.size()) {
                names.add(words.get(i + 2));
            }
        }
        return names;
    }

    private static Optional<String> assignment(String word) {
        if (word.isEmpty() || !(Character.isLetter(word.charAt(0)) || word.charAt(0) == '_')) {
            return Optional.empty();
        }
        int i = 1;
        while (i < word.length() && (Character.isLetterOrDigit(word.charAt(i)) || word.charAt(i) == '_')) {
            i++;
        }
        int end = i;
        if (i < word.length() && word.charAt(i) == '[') {
            int close = word.indexOf(']', i);
            i = close < 0 ? word.length() : close + 1;
        }
        if (i < word.length() && word.charAt(i) == '+') {
            i++;
        }
        return i < word.length() && word.charAt(i) == '=' ? Optional.of(word.substring(0, end)) : Optional.empty();
    }

    /** The script split into words at blanks and at the operators {@code ; & | ( ) `}, which are words too. */
    private static List<String> words(String code) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            boolean operator = c == ';' || c == '&' || c == '|' || c == '(' || c == ')' || c == '`' || c == '\n';
            if (Character.isWhitespace(c) && c != '\n' || operator) {
                if (w.length() > 0) {
                    words.add(w.toString());
                    w.setLength(0);
                }
                if (operator) {
                    words.add(";");
                }
            } else {
                w.append(c);
            }
        }
        if (w.length() > 0) {
            words.add(w.toString());
        }
        return words;
    }

    private static boolean isOperator(String word) {
        return word.equals(";");
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
