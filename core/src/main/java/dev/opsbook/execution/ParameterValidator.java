package dev.opsbook.execution;

import dev.opsbook.runbook.Durations;
import dev.opsbook.runbook.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks supplied values against the declared parameters before anything runs: unknown names,
 * missing required values, type, enum values and pattern (a full match). Values that cannot be
 * passed through the environment (a NUL byte) are refused. Every problem is reported, not just the first.
 */
public final class ParameterValidator {
    private ParameterValidator() {}

    /** @throws ParameterException listing every problem, each starting with "parameter NAME:" */
    public static ResolvedParameters validate(List<Parameter> declared, Map<String, String> supplied) {
        List<String> problems = new ArrayList<>();
        Map<String, Parameter> byName = new LinkedHashMap<>();
        declared.forEach(p -> byName.put(p.name(), p));
        for (String name : supplied.keySet()) {
            if (!byName.containsKey(name)) {
                problems.add("parameter " + name + ": not declared by this runbook"
                        + (byName.isEmpty() ? " (it declares none)" : " (declared: " + String.join(", ", byName.keySet()) + ")"));
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Parameter p : declared) {
            String value = supplied.containsKey(p.name()) ? supplied.get(p.name()) : p.defaultValue().orElse(null);
            if (value == null) {
                if (p.required()) {
                    problems.add("parameter " + p.name() + ": required; pass --param " + p.name()
                            + (p.secret() ? "=- (its value on standard input) or put it in a --param-file" : "=VALUE"));
                }
                continue;
            }
            String problem = check(p, value);
            if (problem != null) {
                problems.add("parameter " + p.name() + ": " + problem);
            } else {
                values.put(p.name(), value);
            }
        }
        if (!problems.isEmpty()) {
            throw new ParameterException(problems);
        }
        return new ResolvedParameters(declared, values);
    }

    private static boolean validUtf16(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String check(Parameter p, String value) {
        String shown = p.secret() ? "the value" : "\"" + Visible.text(value) + "\"";
        if (value.indexOf('\0') >= 0) {
            return "contains a NUL byte, which cannot be passed to a step (environment values are C strings)";
        }
        if (!validUtf16(value) || value.indexOf('\uFFFD') >= 0) {
            return "is not valid UTF-8 (undecodable bytes arrive as U+FFFD); pass the value encoded in UTF-8";
        }
        String typeProblem = switch (p.type()) {
            case INT -> value.matches("[+-]?\\d{1,18}") ? null : shown + " is not an int";
            case BOOL -> value.equals("true") || value.equals("false") ? null : shown + " is not a bool (true or false)";
            case DURATION -> Durations.parse(value).isPresent() ? null
                    : shown + " is not a duration (like 90s, 15m, 1h30m)";
            case ENUM -> p.values().contains(value) ? null
                    : shown + " is not one of " + String.join(", ", p.values());
            case STRING -> null;
        };
        if (typeProblem != null) {
            return typeProblem;
        }
        if (p.pattern().isPresent()) {
            try {
                if (!Pattern.compile(p.pattern().get()).matcher(value).matches()) {
                    return shown + " does not match the pattern " + p.pattern().get();
                }
            } catch (PatternSyntaxException e) {
                return "the runbook's pattern " + p.pattern().get() + " is not a valid regular expression";
            }
        }
        return null;
    }
}
