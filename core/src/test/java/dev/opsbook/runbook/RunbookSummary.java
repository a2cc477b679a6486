package dev.opsbook.runbook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** A compact, deterministic text form of a parse result, for spec files: only non-default values. */
final class RunbookSummary {
    private RunbookSummary() {}

    static String of(ParsedRunbook parsed) {
        List<String> lines = new ArrayList<>();
        parsed.runbook().ifPresentOrElse(r -> runbook(r, lines), () -> lines.add("runbook: none"));
        if (parsed.runbook().isPresent() && parsed.kind() != DocumentKind.RUNBOOK) {
            lines.set(0, lines.getFirst() + " kind=" + parsed.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        }
        for (LintFinding f : parsed.findings()) {
            lines.add(f.position() + " " + f.severity().label() + " [" + f.rule() + "] " + f.message());
        }
        return String.join("\n", lines);
    }

    private static void runbook(Runbook r, List<String> out) {
        out.add("runbook: " + r.id() + " \"" + r.title() + "\" service=" + r.service()
                + opt("tier", r.tier()) + opt("impact", r.impact())
                + r.rto().map(d -> " rto=" + Durations.format(d)).orElse("")
                + r.rpo().map(d -> " rpo=" + Durations.format(d)).orElse(""));
        if (!r.owners().isEmpty()) {
            out.add("owners: team=" + r.owners().team() + " people=" + people(r.owners().people()));
        }
        if (!r.approvers().isEmpty()) out.add("approvers: " + people(r.approvers()));
        if (!r.runners().isEmpty()) out.add("runners: " + people(r.runners()));
        if (!r.dependsOn().isEmpty()) out.add("depends_on: " + r.dependsOn());
        if (!r.secrets().isEmpty()) out.add("secrets: " + r.secrets());
        r.escalation().forEach(e -> out.add("escalation: " + e.who().id() + " after " + Durations.format(e.after())));
        for (DataSource d : r.dataSources()) {
            out.add("data source " + d.position() + ": " + d.name() + " type=" + d.type() + opt("location", d.location())
                    + (d.environments().isEmpty() ? "" : " environments=" + d.environments())
                    + opt("classification", d.classification())
                    + (d.encryption().isStated() || !d.encryption().keyRef().isEmpty() ? " encryption=" + d.encryption().atRest()
                    + "/" + d.encryption().inTransit() + "/" + d.encryption().keyRef() : "")
                    + d.backupFrequency().map(f -> " backup=" + Durations.format(f)).orElse("")
                    + opt("retention", d.retention())
                    + d.backupLocation().map(l -> " backup_location=" + l.template() + "@" + l.position()).orElse(""));
        }
        for (Parameter p : r.parameters()) {
            out.add("parameter " + p.position() + ": " + p.name() + " env=" + p.envName() + " type=" + p.type().label()
                    + p.pattern().map(s -> " pattern=" + s).orElse("") + p.defaultValue().map(s -> " default=" + s).orElse("")
                    + (p.required() ? " required" : "") + (p.secret() ? " secret" : "")
                    + (p.values().isEmpty() ? "" : " values=" + p.values()) + opt("description", p.description()));
        }
        r.schedules().forEach(s -> out.add("schedule " + s.position() + ": " + s.cron() + " " + s.timeZone() + " -> " + s.target()));
        r.links().forEach(l -> out.add("link " + l.position() + ": " + l.title() + " -> " + l.target()));
        r.failover().ifPresent(f -> {
            out.add("failover " + f.position() + ": procedure=" + f.procedure() + " automatic=" + f.automatic()
                    + " interval=" + Durations.format(f.interval()) + " retry_timeout=" + Durations.format(f.retryTimeout())
                    + " ttl=" + Durations.format(f.ttl()) + " promote=" + f.promote().ratio() + "/" + Durations.format(f.promote().window())
                    + " recover=" + f.recover().ratio() + "/" + Durations.format(f.recover().window())
                    + " cooldown=" + Durations.format(f.cooldown()) + " max_per_hour=" + f.maxPerHour());
            f.probes().forEach(p -> out.add("probe " + p.position() + ": " + p.name() + " " + p));
            f.stages().ifPresent(st -> out.add("stages " + st.position() + ": step=" + st.step() + " parameter=" + st.parameter()
                    + " weights=" + st.weights() + " settle=" + Durations.format(st.settle())));
        });
        if (!r.alerting().equals(AlertSettings.NONE)) {
            AlertSettings al = r.alerting();
            out.add("alerts " + al.position() + ": names=" + al.names() + " channels=" + al.channels()
                    + al.onAlert().map(o -> " on_alert=" + o).orElse(""));
        }
        ApprovalSettings a = r.approval();
        if (!a.equals(ApprovalSettings.DEFAULTS)) {
            out.add("approval: expires=" + Durations.format(a.expiry()) + " self=" + a.allowSelfApproval()
                    + " destructive=" + a.requireForDestructive());
        }
        for (Section s : r.sections()) {
            out.add("section " + s.position() + " h" + s.level() + " #" + s.slug() + " \"" + s.title() + "\""
                    + (s.steps().isEmpty() ? "" : ": " + s.steps().stream().map(Step::id).collect(Collectors.joining(", "))));
        }
        for (Step s : r.steps()) {
            out.add("step " + s.position() + ": " + s.id() + " kind=" + s.kind().label() + " lang=" + s.language()
                    + " interpreter=" + s.interpreter()
                    + s.timeout().map(d -> " timeout=" + Durations.format(d)).orElse("")
                    + (s.retries() > 0 ? " retries=" + s.retries() : "")
                    + (s.approvals() > 0 ? " approvals=" + s.approvals() : "")
                    + (s.idempotent() ? " idempotent" : "")
                    + s.confirm().map(c -> " confirm=\"" + c + "\"").orElse("")
                    + s.rollback().map(c -> " rollback=" + c).orElse("")
                    + (s.requires().isEmpty() ? "" : " requires=" + String.join(",", s.requires()))
                    + s.cwd().map(c -> " cwd=" + relative(c)).orElse("")
                    + (s.secrets().isEmpty() ? "" : " secrets=" + String.join(",", s.secrets()))
                    + " section=\"" + s.section() + "\" attributes=" + new TreeMap<>(s.attributes())
                    + " lines=" + s.code().lines().count());
        }
    }

    /** A cwd under the working directory (a document's own folder) relative to it, so that the spec reads the same anywhere. */
    private static String relative(String cwd) {
        java.nio.file.Path here = java.nio.file.Path.of("").toAbsolutePath();
        java.nio.file.Path p = java.nio.file.Path.of(cwd);
        return p.isAbsolute() && p.startsWith(here) ? "<dir>/" + here.relativize(p) : cwd;
    }

    private static String people(List<Person> people) {
        return people.stream().map(p -> p.id() + (p.name().equals(p.id()) ? "" : "(" + p.name() + ")")
                + (p.handles().isEmpty() ? "" : new TreeMap<>(p.handles()).toString())).collect(Collectors.joining(", "));
    }

    private static String opt(String key, String value) {
        return value.isEmpty() ? "" : " " + key + "=" + (value.contains(" ") ? "\"" + value + "\"" : value);
    }

}
