package dev.opsbook.site;

import dev.opsbook.runbook.DataSource;
import dev.opsbook.runbook.Person;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.Section;
import dev.opsbook.runbook.Step;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The scope of a runbook page (without its rendered body) and of its step cards. */
final class RunbookView {
    private RunbookView() {}

    static Scope page(SiteBuild build, SiteModel model, RunbookEntry e) {
        Scope s = Pages.page(build, "../", "runbooks/" + e.page() + ".html", e.title(), "runbooks");
        s.with("id", e.id()).with("path", e.parsed().path()).with("service", e.service())
                .with("status", e.status()).with("status_label", e.statusLabel())
                .with("lint", Pages.lint(e.lint())).with("policy", Pages.policy(e.policy()))
                .with("has_findings", !e.lint().isEmpty() || !e.policy().isEmpty())
                .with("living", StatusView.of(e));
        e.revision().ifPresent(r -> s.with("revision", Scope.of("commit", r.commit().substring(0, Math.min(10, r.commit().length())),
                "date", Pages.time(r.committed().toInstant()),
                "href", build.repoUrl().map(u -> u.replace("{commit}", r.commit()).replace("{path}", r.repoPath())).orElse(null))));
        if (e.runbook().isEmpty()) {
            return s.with("unparsed", true);
        }
        Runbook rb = e.runbook().get();
        s.with("toc", rb.sections().stream().filter(sec -> sec.level() > 1).map(sec -> toc(rb, sec)).toList());
        if (e.isDocument()) {
            String path = e.parsed().path();
            return s.with("document", Scope.of("runme", e.status().equals("runme") || !rb.steps().isEmpty(),
                    "adopt", "opsbook adopt " + path,
                    "cells", rb.steps().stream().map(st -> Scope.of("id", st.id(),
                            "command", "opsbook run " + path + " --step " + st.id(),
                            "excluded", st.excludedFromRunAll())).toList()));
        }
        s.with("rb", true).with("tier", rb.tier()).with("impact", rb.impact())
                .with("rto", Pages.duration(rb.rto())).with("rpo", Pages.duration(rb.rpo()))
                .with("team", rb.owners().team()).with("owners", people(rb.owners().people()))
                .with("approvers", people(rb.approvers())).with("runners", people(rb.runners()))
                .with("depends_on", services(model, rb.dependsOn()))
                .with("used_by", services(model, List.copyOf(model.dependents.getOrDefault(rb.service(), java.util.Set.of()))))
                .with("escalation", rb.escalation().stream().map(l -> Scope.of("who", Pages.person(l.who()),
                        "after", Pages.duration(Optional.of(l.after())))).toList())
                .with("schedules", rb.schedules().stream().map(sc -> Scope.of("cron", sc.cron(), "zone", sc.timeZone(),
                        "target", sc.target(), "next", String.join(", ", ScheduleTimes.next(sc, build.clock().instant()))))
                        .toList())
                .with("links", rb.links().stream().map(l -> Scope.of("title", l.title().isBlank() ? l.target() : l.title(),
                        "target", l.target(), "href", l.isUrl() ? l.target() : linkToRepo(build, e, l.target()))).toList())
                .with("parameters", rb.parameters().stream().map(p -> Scope.of("name", p.name(), "env", p.envName(),
                        "type", p.type().label(), "default", p.secret() ? null : p.defaultValue().orElse(null),
                        "required", p.required(), "secret", p.secret(), "values", String.join(", ", p.values()),
                        "description", p.description())).toList())
                .with("secrets", String.join(", ", rb.secrets()))
                .with("has_parameters", !rb.parameters().isEmpty()).with("has_data_sources", !rb.dataSources().isEmpty())
                .with("data_sources", rb.dataSources().stream().map(d -> dataSource(rb, d)).toList())
                .with("toc", rb.sections().stream().filter(sec -> sec.level() > 1).map(sec -> toc(rb, sec)).toList())
                .with("procedures", procedures(rb).stream().map(sec -> Scope.of("title", sec.title(), "slug", sec.slug(),
                        "chat", "/runbook run " + rb.id() + " " + sec.slug(), "steps", sec.steps().size())).toList());
        if (!rb.alerting().equals(dev.opsbook.runbook.AlertSettings.NONE)) {
            s.with("alerting", Scope.of("names", rb.alerting().names(), "channels", String.join(", ", rb.alerting().channels()),
                    "diagnosis", rb.alerting().diagnosisIn(rb).map(sec -> sec.title()).orElse(null),
                    "read_only", rb.alerting().diagnosisIn(rb).map(sec -> dev.opsbook.runbook.AlertSettings.mutatingSteps(sec).isEmpty())
                            .orElse(false)));
        }
        FailoverView.of(rb).ifPresent(f -> s.with("failover", f));
        rb.drill().ifPresent(d -> s.with("drill", Scope.of("chat", "/runbook drill " + rb.id(),
                "procedure", d.procedureIn(rb).map(sec -> sec.title()).orElse("?"),
                "sandbox", String.join(", ", d.sandbox().entrySet().stream().map(kv -> kv.getKey() + "=" + kv.getValue()).toList()))));
        return s;
    }

    static Scope stepCard(Runbook rb, Step st) {
        return Scope.of("id", st.id(), "kind", st.kind().label(), "mutating", st.kind().isMutating(),
                "language", st.language(), "timeout", Pages.duration(st.timeout()),
                "retries", st.retries() > 0 ? st.retries() : null, "approvals", st.approvals() > 0 ? st.approvals() : null,
                "idempotent", st.idempotent(), "confirm", st.confirm().orElse(null),
                "rollback", st.rollback().orElse(null), "requires", st.requires().isEmpty() ? null : st.requires(),
                "requires_any", !st.requires().isEmpty(),
                "cwd", st.cwd().orElse(null), "secrets", String.join(", ", st.secrets()),
                "runner", st.attributes().get("runner"), "code", st.code().stripTrailing(),
                "chat", "/runbook run " + rb.id() + " " + st.id());
    }

    /** Procedures under the page title: a level-1 heading that merely wraps the others is not listed. */
    private static List<Section> procedures(Runbook rb) {
        List<Section> inner = rb.procedures().stream().filter(s -> s.level() > 1).toList();
        return inner.isEmpty() ? rb.procedures() : inner;
    }

    private static Scope toc(Runbook rb, Section sec) {
        return Scope.of("title", sec.title(), "slug", sec.slug(), "level", sec.level(), "sub", sec.level() > 2,
                "procedure", sec.isProcedure(), "steps", sec.steps().size());
    }

    static Scope dataSource(Runbook rb, DataSource d) {
        String compliance;
        String cls;
        if (rb.rpo().isEmpty()) {
            compliance = "no RPO stated";
            cls = "unknown";
        } else if (d.backupFrequency().isEmpty()) {
            compliance = "no backup frequency";
            cls = "unknown";
        } else if (d.backupFrequency().get().compareTo(rb.rpo().get()) <= 0) {
            compliance = "meets RPO " + Pages.duration(rb.rpo());
            cls = "ok";
        } else {
            compliance = "backups every " + Pages.duration(d.backupFrequency()) + " > RPO " + Pages.duration(rb.rpo());
            cls = "bad";
        }
        return Scope.of("name", d.name(), "type", d.type(), "location", d.location(),
                "environments", String.join(", ", d.environments()), "classification", d.classification(),
                "at_rest", d.encryption().atRest(), "in_transit", d.encryption().inTransit(),
                "key_ref", d.encryption().keyRef(), "encryption_stated", d.encryption().isStated(),
                "backup", Pages.duration(d.backupFrequency()), "retention", d.retention(),
                "compliance", compliance, "compliance_class", cls);
    }

    private static List<Scope> people(List<Person> people) {
        return people.stream().map(p -> Scope.of("name", Pages.person(p), "group", p.isGroup(),
                "handles", new TreeMap<>(p.handles()).entrySet().stream()
                        .map((Map.Entry<String, String> h) -> Scope.of("platform", h.getKey(), "handle", h.getValue())).toList()))
                .toList();
    }

    static List<Scope> services(SiteModel model, List<String> names) {
        return names.stream().map(n -> Scope.of("name", n,
                "href", model.firstOf(n).map(x -> x.href("../")).orElse(null))).toList();
    }

    private static String linkToRepo(SiteBuild build, RunbookEntry e, String target) {
        return e.revision().flatMap(r -> build.repoUrl().map(u -> {
            String dir = r.repoPath().contains("/") ? r.repoPath().substring(0, r.repoPath().lastIndexOf('/') + 1) : "";
            String path = java.nio.file.Path.of(dir + target).normalize().toString().replace('\\', '/');
            return u.replace("{commit}", r.commit()).replace("{path}", path);
        })).orElse(null);
    }
}
