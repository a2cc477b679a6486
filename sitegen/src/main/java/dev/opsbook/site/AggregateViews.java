package dev.opsbook.site;

import dev.opsbook.runbook.DataSource;
import dev.opsbook.runbook.Runbook;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Scopes of the pages that summarise every runbook: home, ownership matrix, data inventory, scorecard. */
final class AggregateViews {
    private AggregateViews() {}

    static Scope home(SiteBuild build, SiteModel model) {
        Scope s = Pages.page(build, "", "index.html", "Runbooks", "home");
        List<Scope> tiers = new ArrayList<>();
        for (Map.Entry<String, List<RunbookEntry>> t : model.byTier().entrySet()) {
            tiers.add(Scope.of("tier", t.getKey().isEmpty() ? "No tier" : "Tier " + t.getKey(),
                    "count", t.getValue().size(), "rows", t.getValue().stream().map(e -> summary(model, e)).toList()));
        }
        long ready = model.entries.stream().filter(e -> e.status().equals("ready")).count();
        long attention = model.entries.stream().filter(e -> e.status().equals("attention")).count();
        return s.with("tiers", tiers).with("services", model.byService.size()).with("runbooks", model.entries.size())
                .with("ready", ready).with("attention", attention).with("not_ready", model.entries.size() - ready - attention)
                .with("no_history", !model.hasHistory).with("empty", model.entries.isEmpty());
    }

    private static Scope summary(SiteModel model, RunbookEntry e) {
        Scope s = Scope.of("href", e.href(""), "title", e.title(), "service", e.service(), "status", e.status(),
                "status_label", e.statusLabel(), "id", e.id());
        e.runbook().ifPresent(rb -> s.with("team", rb.owners().team()).with("owners", Pages.people(rb.owners().people()))
                .with("rto", Pages.duration(rb.rto())).with("rpo", Pages.duration(rb.rpo())));
        e.history().ifPresent(h -> {
            h.lastBackup().ifPresent(b -> s.with("last_backup", Pages.time(b.finished())));
            s.with("last_drill", StatusView.lastDrillShort(e));
            h.lastDrill().ifPresent(d -> s.with("drill_missed", !d.metRto()));
            if (!h.runs().isEmpty()) {
                s.with("last_run", h.runs().getFirst().result().orElse("running"));
            }
        });
        return s;
    }

    static Scope owners(SiteBuild build, SiteModel model) {
        List<Scope> rows = new ArrayList<>();
        for (RunbookEntry e : model.entries) {
            Scope r = Scope.of("service", e.service(), "title", e.title(), "href", e.href(""));
            e.runbook().ifPresent(rb -> r.with("team", rb.owners().team()).with("people", Pages.people(rb.owners().people()))
                    .with("approvers", Pages.people(rb.approvers()))
                    .with("escalation", rb.escalation().stream().map(l -> Scope.of("who", Pages.person(l.who()),
                            "after", Pages.duration(java.util.Optional.of(l.after())))).toList())
                    .with("no_owner", rb.owners().isEmpty()));
            rows.add(r);
        }
        rows.sort(Comparator.comparing((Scope r) -> (String) r.get("service")));
        return Pages.page(build, "", "owners.html", "Ownership", "owners").with("rows", rows);
    }

    static Scope data(SiteBuild build, SiteModel model) {
        List<Scope> rows = new ArrayList<>();
        for (RunbookEntry e : model.entries) {
            if (e.runbook().isEmpty()) {
                continue;
            }
            Runbook rb = e.runbook().get();
            for (DataSource d : rb.dataSources()) {
                rows.add(RunbookView.dataSource(rb, d).with("service", e.service()).with("href", e.href("")));
            }
        }
        rows.sort(Comparator.comparing((Scope r) -> (String) r.get("service")).thenComparing(r -> (String) r.get("name")));
        return Pages.page(build, "", "data.html", "Data inventory", "data").with("rows", rows)
                .with("count", rows.size());
    }

    static Scope scorecard(SiteBuild build, SiteModel model) {
        List<RunbookEntry> sorted = new ArrayList<>(model.entries);
        sorted.sort(Comparator.comparing((RunbookEntry e) -> -e.errors()).thenComparing(e -> -e.warnings())
                .thenComparing(RunbookEntry::service));
        List<Scope> rows = sorted.stream().map(e -> Scope.of("href", e.href(""), "title", e.title(), "service", e.service(),
                "path", e.parsed().path(), "status", e.status(), "status_label", e.statusLabel(),
                "errors", e.errors(), "warnings", e.warnings(), "lint", Pages.lint(e.lint()),
                "policy", Pages.policy(e.policy()), "clean", e.lint().isEmpty() && e.policy().isEmpty())).toList();
        return Pages.page(build, "", "scorecard.html", "Readiness scorecard", "scorecard").with("rows", rows)
                .with("no_history", !model.hasHistory);
    }
}
