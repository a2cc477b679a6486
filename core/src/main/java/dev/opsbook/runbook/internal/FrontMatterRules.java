package dev.opsbook.runbook.internal;

import dev.opsbook.runbook.DataSource;
import dev.opsbook.runbook.Durations;
import dev.opsbook.runbook.Link;
import dev.opsbook.runbook.Parameter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Checks on the front matter that go beyond types: required fields, owners, data protection, links, parameters. */
final class FrontMatterRules {
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    private final Findings findings;
    private final Positions positions;

    FrontMatterRules(Findings findings, Positions positions) {
        this.findings = findings;
        this.positions = positions;
    }

    void check(FrontMatter fm, List<Path> linkBases) {
        required("id", fm.id(), "a short unique id such as orders-db-restore");
        required("title", fm.title(), "a human title such as \"Restore the orders database\"");
        required("service", fm.service(), "the id of the service this runbook operates on");
        if (fm.owners().isEmpty()) {
            findings.at(positions.get("owners"), Rule.NO_OWNERS,
                    "nobody owns this runbook: add 'owners:' with a team and people (with their chat handles)");
        }
        for (int i = 0; i < fm.dataSources().size(); i++) {
            dataSource(fm, fm.dataSources().get(i), "data_sources/" + i);
        }
        for (int i = 0; i < fm.parameters().size(); i++) {
            parameter(fm.parameters().get(i), "parameters/" + i);
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < fm.parameters().size(); i++) {
            Parameter p = fm.parameters().get(i);
            if (!names.add(p.envName())) {
                findings.at(p.position(), Rule.BAD_PARAMETER, "parameter '" + p.name() + "' is declared twice (as $"
                        + p.envName() + "): keep one");
            }
        }
        if (!linkBases.isEmpty()) {
            for (int i = 0; i < fm.links().size(); i++) {
                link(fm.links().get(i), linkBases);
            }
        }
    }

    private void required(String key, String value, String example) {
        if (value.isEmpty() && !findings.has(positions.get(key), Rule.YAML_TYPE)) {
            findings.at(positions.get(key), Rule.MISSING_FIELD, "the front matter has no '" + key + "': add " + example);
        }
    }

    private void dataSource(FrontMatter fm, DataSource ds, String path) {
        String name = ds.name().isEmpty() ? "this data source" : "data source '" + ds.name() + "'";
        if (fm.rpo().isPresent() && ds.backupFrequency().isPresent()
                && fm.rpo().get().compareTo(ds.backupFrequency().get()) < 0) {
            findings.at(positions.get(path + "/backup"), Rule.RPO_VS_BACKUP, name + " is backed up every "
                    + Durations.format(ds.backupFrequency().get()) + " but the RPO is " + Durations.format(fm.rpo().get())
                    + ": back it up at least every " + Durations.format(fm.rpo().get()) + " or raise the rpo");
        }
        if (ds.retention().isBlank()) {
            findings.at(ds.position(), Rule.DATA_SOURCE_RETENTION, name
                    + " does not say how long backups are kept: add 'retention:' (e.g. 30d, or \"7 daily, 4 weekly\")");
        }
        ds.backupLocation().ifPresent(l -> l.problems(fm.parameters()).forEach(p -> findings.at(l.position(),
                Rule.BACKUP_LOCATION, name + ": " + p)));
        if (!ds.encryption().isStated()) {
            findings.at(positions.get(path + "/encryption"), Rule.DATA_SOURCE_ENCRYPTION, name
                    + " does not state its encryption: add 'encryption:' with at_rest, in_transit and key_ref "
                    + "(write 'none' where it is not encrypted)");
        }
    }

    private void parameter(Parameter p, String path) {
        String name = "parameter '" + p.name() + "'";
        if (!ENV_NAME.matcher(p.name()).matches()) {
            findings.at(positions.get(path + "/name"), Rule.BAD_PARAMETER, name
                    + " cannot be an environment variable name: use letters, digits, '-' and '_', starting with a letter");
        }
        Optional<Pattern> pattern = Optional.empty();
        if (p.pattern().isPresent()) {
            try {
                pattern = Optional.of(Pattern.compile(p.pattern().get()));
            } catch (PatternSyntaxException e) {
                findings.at(positions.get(path + "/pattern"), Rule.BAD_PARAMETER, name + " has an invalid pattern ("
                        + e.getDescription() + "): write a Java regular expression");
            }
        }
        switch (p.type()) {
            case ENUM -> {
                if (p.values().isEmpty()) {
                    findings.at(positions.get(path + "/type"), Rule.BAD_PARAMETER, name
                            + " is an enum without values: add 'values: [a, b]'");
                }
            }
            default -> {
                if (!p.values().isEmpty()) {
                    findings.at(positions.get(path + "/values"), Rule.BAD_PARAMETER, name + " is of type "
                            + p.type().label() + " but lists values: use type: enum, or remove 'values'");
                }
            }
        }
        if (p.defaultValue().isEmpty()) {
            return;
        }
        String d = p.defaultValue().get();
        Optional<String> problem = switch (p.type()) {
            case INT -> d.matches("-?\\d{1,18}") ? Optional.empty() : Optional.of("is not a whole number");
            case BOOL -> d.equals("true") || d.equals("false") ? Optional.empty() : Optional.of("is not true or false");
            case DURATION -> Durations.parse(d).isPresent() ? Optional.empty()
                    : Optional.of("is not a duration such as 90s, 15m or 1h30m");
            case ENUM -> p.values().isEmpty() || p.values().contains(d) ? Optional.empty()
                    : Optional.of("is not one of " + String.join(", ", p.values()));
            case STRING -> Optional.empty();
        };
        Optional<Pattern> compiled = pattern;
        if (problem.isEmpty() && compiled.isPresent() && !compiled.get().matcher(d).matches()) {
            problem = Optional.of("does not match its pattern " + p.pattern().get());
        }
        problem.ifPresent(msg -> findings.at(positions.get(path + "/default"), Rule.BAD_PARAMETER,
                name + ": the default \"" + d + "\" " + msg + "; fix the default or the " + (msg.contains("pattern")
                        ? "pattern" : "type")));
        if (p.secret()) {
            findings.at(positions.get(path + "/default"), Rule.BAD_PARAMETER, name
                    + " is secret but has a default: remove the default, secrets never live in runbooks");
        }
    }

    private void link(Link link, List<Path> bases) {
        if (link.isUrl()) {
            return;
        }
        String target = link.target();
        int hash = target.indexOf('#');
        String file = hash >= 0 ? target.substring(0, hash) : target;
        if (file.isEmpty()) {
            return;
        }
        for (Path base : bases) {
            try {
                Path resolved = file.startsWith("/") ? base.resolve(file.substring(1)) : base.resolve(file);
                if (Files.exists(resolved)) {
                    return;
                }
            } catch (InvalidPathException e) {
                break;
            }
        }
        findings.at(link.position(), Rule.LINK_MISSING, "link '" + target + "' names no file next to the runbook "
                + "or under the repository root: fix the path, or add the file it describes");
    }
}
