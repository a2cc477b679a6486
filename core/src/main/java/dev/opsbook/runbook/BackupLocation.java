package dev.opsbook.runbook;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The directory a data source's backups are written to, as its {@code backup_location:} declares it
 * (docs/backups.md#where-backups-may-be). The catalog records only backup files under it, and retention deletes
 * only there. The text is a path that may reference, in {@code ${…}}:
 * <ul>
 *   <li>a declared parameter, by its name or its variable name ({@code ${backup_dir}} or {@code ${BACKUP_DIR}}): the
 *       run's value;</li>
 *   <li>{@code ${OPSBOOK_HOME}}: opsbook's home directory (absolute);</li>
 *   <li>{@code ${OPSBOOK_SANDBOX}}: the runbook's sandbox, {@code $OPSBOOK_HOME/sandbox/<runbook id>} (the step
 *       variable of that name);</li>
 *   <li>{@code ${name:-fallback}}: the fallback (itself possibly with references) when the parameter's value is
 *       empty.</li>
 * </ul>
 * After substitution it must be a path other than {@code /}; a relative one (a parameter whose value is relative,
 * such as the samples' {@code backup_dir: backups}) is taken under the runbook's sandbox, as the samples' scripts
 * take it. A template that starts with literal text must start with {@code /}. Secret parameters cannot be
 * referenced.
 */
public record BackupLocation(String template, SourcePosition position) {
    public static final String HOME = "OPSBOOK_HOME";
    public static final String SANDBOX = "OPSBOOK_SANDBOX";

    public BackupLocation {
        template = template.strip();
    }

    /** What is wrong with the declaration under {@code parameters}, one message each (empty when it is usable). */
    public List<String> problems(List<Parameter> parameters) {
        List<String> out = new ArrayList<>();
        if (template.isEmpty()) {
            out.add("backup_location is empty: write the directory the backups go to, e.g. ${backup_dir} or /var/backups/orders");
            return out;
        }
        try {
            List<Part> parts = parse(template);
            check(parts, parameters, out);
            if (!parts.isEmpty() && parts.getFirst() instanceof Text t && !t.text().startsWith("/")) {
                out.add("backup_location \"" + template + "\" is not an absolute path: start it with / or with ${parameter}, ${"
                        + HOME + "} or ${" + SANDBOX + "}");
            }
            if (parts.size() == 1 && parts.getFirst() instanceof Text t && Path.of(t.text()).normalize().getNameCount() == 0) {
                out.add("backup_location \"" + template + "\" is the root directory, which would confine nothing: name the"
                        + " directory of this data source's backups");
            }
        } catch (IllegalArgumentException e) {
            out.add(e.getMessage());
        }
        return out;
    }

    /**
     * The directory for one run: {@code values} are the run's parameter values by name (defaults applied), {@code home}
     * opsbook's home directory, {@code sandbox} the runbook's sandbox ({@code home/sandbox/<runbook id>}).
     *
     * @throws IllegalArgumentException saying why the location cannot be resolved
     */
    public Path resolve(List<Parameter> parameters, Map<String, String> values, Path home, Path sandbox) {
        String text = substitute(parse(template), parameters, values, home, sandbox);
        Path p;
        try {
            p = Path.of(text);
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("backup_location \"" + template + "\" gives \"" + text + "\", not a path");
        }
        if (!p.isAbsolute()) {
            p = sandbox.toAbsolutePath().normalize().resolve(p);
        }
        if (p.normalize().getNameCount() == 0) {
            throw new IllegalArgumentException("backup_location \"" + template + "\" gives the root directory, which confines nothing");
        }
        return p;
    }

    private sealed interface Part permits Text, Ref {}

    private record Text(String text) implements Part {}

    private record Ref(String name, Optional<List<Part>> fallback) implements Part {}

    private static List<Part> parse(String s) {
        List<Part> out = new ArrayList<>();
        int[] at = {0};
        parseInto(s, at, out, false);
        return out;
    }

    private static void parseInto(String s, int[] at, List<Part> out, boolean nested) {
        StringBuilder text = new StringBuilder();
        while (at[0] < s.length()) {
            char c = s.charAt(at[0]);
            if (nested && c == '}') {
                break;
            }
            if (c != '$') {
                text.append(c);
                at[0]++;
                continue;
            }
            if (at[0] + 1 >= s.length() || s.charAt(at[0] + 1) != '{') {
                throw new IllegalArgumentException("backup_location \"" + s + "\": write references as ${name}, not $name");
            }
            if (!text.isEmpty()) {
                out.add(new Text(text.toString()));
                text.setLength(0);
            }
            at[0] += 2;
            int start = at[0];
            while (at[0] < s.length() && (Character.isLetterOrDigit(s.charAt(at[0])) || "_-".indexOf(s.charAt(at[0])) >= 0)) {
                at[0]++;
            }
            String name = s.substring(start, at[0]);
            if (name.isEmpty()) {
                throw new IllegalArgumentException("backup_location \"" + s + "\": ${ must be followed by a parameter name or " + HOME);
            }
            Optional<List<Part>> fallback = Optional.empty();
            if (s.startsWith(":-", at[0])) {
                at[0] += 2;
                List<Part> inner = new ArrayList<>();
                parseInto(s, at, inner, true);
                fallback = Optional.of(inner);
            }
            if (at[0] >= s.length() || s.charAt(at[0]) != '}') {
                throw new IllegalArgumentException("backup_location \"" + s + "\": ${" + name + " is not closed with }");
            }
            at[0]++;
            out.add(new Ref(name, fallback));
        }
        if (!text.isEmpty()) {
            out.add(new Text(text.toString()));
        }
    }

    private static Optional<Parameter> parameter(String name, List<Parameter> parameters) {
        return parameters.stream().filter(p -> p.name().equals(name) || p.envName().equals(name)).findFirst();
    }

    private static void check(List<Part> parts, List<Parameter> parameters, List<String> out) {
        for (Part part : parts) {
            if (part instanceof Ref r) {
                if (!r.name().equals(HOME) && !r.name().equals(SANDBOX)) {
                    Optional<Parameter> p = parameter(r.name(), parameters);
                    if (p.isEmpty()) {
                        out.add("backup_location references ${" + r.name() + "}, which is not a declared parameter: declare it"
                                + " under 'parameters:' or use ${" + HOME + "}");
                    } else if (p.get().secret()) {
                        out.add("backup_location references the secret parameter ${" + r.name() + "}: backup locations are"
                                + " shown and audited, so use a parameter that is not secret");
                    }
                } else if (r.fallback().isPresent()) {
                    out.add("backup_location: ${" + r.name() + "} is always set, so it takes no :- fallback");
                }
                r.fallback().ifPresent(f -> check(f, parameters, out));
            }
        }
    }

    private static String substitute(List<Part> parts, List<Parameter> parameters, Map<String, String> values, Path home,
                                     Path sandbox) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            switch (part) {
                case Text t -> out.append(t.text());
                case Ref r when r.name().equals(HOME) -> out.append(home.toAbsolutePath().normalize());
                case Ref r when r.name().equals(SANDBOX) -> out.append(sandbox.toAbsolutePath().normalize());
                case Ref r -> {
                    Parameter p = parameter(r.name(), parameters).orElseThrow(() -> new IllegalArgumentException(
                            "backup_location references ${" + r.name() + "}, which is not a declared parameter"));
                    if (p.secret()) {
                        throw new IllegalArgumentException("backup_location references the secret parameter ${" + r.name() + "}");
                    }
                    String v = values.getOrDefault(p.name(), "");
                    if (v.isEmpty() && r.fallback().isPresent()) {
                        out.append(substitute(r.fallback().get(), parameters, values, home, sandbox));
                    } else if (v.isEmpty()) {
                        throw new IllegalArgumentException("backup_location references ${" + r.name() + "}, which is empty in this run");
                    } else {
                        out.append(v);
                    }
                }
            }
        }
        return out.toString();
    }
}
