package dev.opsbook.site;

import dev.opsbook.runbook.DataSource;
import dev.opsbook.runbook.Runbook;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scopes of the pages that summarise every runbook: home, ownership matrix, data inventory, scorecard.
 * Each runbook contributes rows ({@link #rows}), computed once per changed runbook; a page's input
 * hash is the hash of its rows' fingerprints in page order.
 */
final class AggregateViews {
    private AggregateViews() {}

    record Page(Scope scope, String fp) {}

    static Map<String, Derived.Row> rows(RunbookEntry e) {
        Map<String, Derived.Row> rows = new LinkedHashMap<>();
        rows.put("home", Derived.Row.of(homeRow(e)));
        rows.put("owners", Derived.Row.of(ownersRow(e)));
        rows.put("scorecard", Derived.Row.of(scorecardRow(e)));
        List<Scope> data = dataRows(e);
        for (int i = 0; i < data.size(); i++) {
            rows.put("data" + i, Derived.Row.of(data.get(i)));
        }
        return rows;
    }

    static Page home(SiteBuild build, SiteModel model, Map<RunbookEntry, Derived> derived,
                     Map<String, Map.Entry<String, Page>> last) {
        Scope page = Pages.page(build, "", "index.html", "Runbooks", "home").with("no_history", !model.hasHistory);
        long rolling = 17;
        for (RunbookEntry e : model.entries) {
            rolling = rolling * 1_000_003 + derived.get(e).rows().get("home").key();
        }
        String key = page + "#" + model.entries.size() + "#" + rolling;
        Map.Entry<String, Page> previous = last.get("home");
        if (previous != null && previous.getKey().equals(key)) {
            return previous.getValue();
        }
        Page built = homePage(page, model, derived);
        last.put("home", Map.entry(key, built));
        return built;
    }

    private static Page homePage(Scope s, SiteModel model, Map<RunbookEntry, Derived> derived) {
        StringBuilder fp = new StringBuilder();
        List<Scope> tiers = new ArrayList<>();
        for (Map.Entry<String, List<RunbookEntry>> t : model.byTier().entrySet()) {
            List<Scope> rows = new ArrayList<>();
            fp.append("tier:").append(t.getKey());
            List<RunbookEntry> runbooks = t.getValue().stream().filter(e -> !e.isDocument()).toList();
            if (runbooks.isEmpty()) {
                continue;
            }
            for (RunbookEntry e : runbooks) {
                Derived.Row row = derived.get(e).rows().get("home");
                rows.add(row.scope());
                fp.append(row.fp());
            }
            tiers.add(Scope.of("tier", t.getKey().isEmpty() ? "No tier" : "Tier " + t.getKey(), "count", runbooks.size(), "rows", rows));
        }
        List<Scope> folders = new ArrayList<>();
        for (Map.Entry<String, List<RunbookEntry>> f : model.byService.entrySet()) {
            List<RunbookEntry> docs = f.getValue().stream().filter(RunbookEntry::isDocument)
                    .sorted(Comparator.comparing(RunbookEntry::title)).toList();
            if (docs.isEmpty()) {
                continue;
            }
            fp.append("docs:").append(f.getKey());
            List<Scope> rows = new ArrayList<>();
            for (RunbookEntry e : docs) {
                Derived.Row row = derived.get(e).rows().get("home");
                rows.add(row.scope());
                fp.append(row.fp());
            }
            folders.add(Scope.of("folder", f.getKey(), "count", docs.size(), "rows", rows));
        }
        long documents = model.entries.stream().filter(RunbookEntry::isDocument).count();
        long ready = model.entries.stream().filter(e -> e.status().equals("ready")).count();
        long attention = model.entries.stream().filter(e -> e.status().equals("attention")).count();
        long next = model.entries.stream().filter(e -> e.status().equals("next")).count();
        long notReady = model.entries.stream().filter(e -> !e.isDocument()).count() - ready - next - attention;
        s.with("docs_folders", folders).with("documents", documents).with("has_documents", documents > 0);
        s.with("services", model.byService.size()).with("runbooks", model.entries.size() - documents)
                .with("ready", ready).with("next", next).with("attention", attention).with("not_ready", notReady)
                .with("no_history", !model.hasHistory).with("empty", model.entries.isEmpty());
        String hash = Fingerprint.of(s, fp.toString());
        return new Page(s.with("tiers", tiers), hash);
    }

    static Page owners(SiteBuild build, SiteModel model, Map<RunbookEntry, Derived> derived,
                     Map<String, Map.Entry<String, Page>> last) {
        return sorted(Pages.page(build, "", "owners.html", "Ownership", "owners"), model, derived, "owners",
                Comparator.comparing((Derived.Row r) -> (String) r.scope().get("service")), last);
    }

    static Page data(SiteBuild build, SiteModel model, Map<RunbookEntry, Derived> derived,
                     Map<String, Map.Entry<String, Page>> last) {
        Page p = sorted(Pages.page(build, "", "data.html", "Data inventory", "data"), model, derived, "data",
                Comparator.comparing((Derived.Row r) -> (String) r.scope().get("service"))
                        .thenComparing(r -> (String) r.scope().getOrDefault("name", "")), last);
        p.scope().with("count", ((List<?>) p.scope().get("rows")).size());
        return p;
    }

    static Page scorecard(SiteBuild build, SiteModel model, Map<RunbookEntry, Derived> derived,
                     Map<String, Map.Entry<String, Page>> last) {
        Scope s = Pages.page(build, "", "scorecard.html", "Readiness scorecard", "scorecard").with("no_history", !model.hasHistory);
        return sorted(s, model, derived, "scorecard", Comparator.comparing((Derived.Row r) -> -(long) r.scope().get("errors"))
                .thenComparing(r -> -(long) r.scope().get("warnings")).thenComparing(r -> -(long) r.scope().get("to_do")).thenComparing(r -> (String) r.scope().get("service")), last);
    }

    /**
     * Sorting 10,000 rows is skipped when the rows (in entry order, as a 64-bit rolling hash of their
     * fingerprints) and the page facts equal those of {@code last}.
     */
    private static Page sorted(Scope page, SiteModel model, Map<RunbookEntry, Derived> derived, String kind,
                               Comparator<Derived.Row> order, Map<String, Map.Entry<String, Page>> last) {
        long rolling = 17;
        int count = 0;
        for (RunbookEntry e : model.entries) {
            for (Map.Entry<String, Derived.Row> row : derived.get(e).rows().entrySet()) {
                if (row.getKey().equals(kind) || kind.equals("data") && row.getKey().startsWith("data")) {
                    rolling = rolling * 1_000_003 + row.getValue().key();
                    count++;
                }
            }
        }
        String key = page + "#" + count + "#" + rolling;
        Map.Entry<String, Page> previous = last.get(kind);
        if (previous != null && previous.getKey().equals(key)) {
            return previous.getValue();
        }
        Page built = sortRows(page, model, derived, kind, order);
        last.put(kind, Map.entry(key, built));
        return built;
    }

    private static Page sortRows(Scope page, SiteModel model, Map<RunbookEntry, Derived> derived, String kind,
                                 Comparator<Derived.Row> order) {
        List<Derived.Row> rows = new ArrayList<>();
        for (RunbookEntry e : model.entries) {
            derived.get(e).rows().forEach((k, row) -> {
                if (k.equals(kind) || kind.equals("data") && k.startsWith("data")) {
                    rows.add(row);
                }
            });
        }
        rows.sort(order);
        StringBuilder fp = new StringBuilder();
        rows.forEach(r -> fp.append(r.fp()));
        String hash = Fingerprint.of(page, fp.toString());
        return new Page(page.with("rows", rows.stream().map(Derived.Row::scope).toList()), hash);
    }

    private static Scope homeRow(RunbookEntry e) {
        Scope s = Scope.of("href", e.href(""), "title", e.title(), "service", e.service(), "status", e.status(),
                "status_label", e.statusLabel(), "id", e.id(), "tier", e.tier());
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

    private static Scope ownersRow(RunbookEntry e) {
        Scope r = Scope.of("service", e.service(), "title", e.title(), "href", e.href(""));
        e.runbook().ifPresent(rb -> r.with("team", rb.owners().team()).with("people", Pages.people(rb.owners().people()))
                .with("approvers", Pages.people(rb.approvers()))
                .with("escalation", rb.escalation().stream().map(l -> Scope.of("who", Pages.person(l.who()),
                        "after", Pages.duration(Optional.of(l.after())))).toList())
                .with("no_owner", rb.owners().isEmpty()));
        return r;
    }

    private static List<Scope> dataRows(RunbookEntry e) {
        if (e.runbook().isEmpty()) {
            return List.of();
        }
        Runbook rb = e.runbook().get();
        List<Scope> rows = new ArrayList<>();
        for (DataSource d : rb.dataSources()) {
            rows.add(RunbookView.dataSource(rb, d).with("service", e.service()).with("href", e.href("")));
        }
        return rows;
    }

    private static Scope scorecardRow(RunbookEntry e) {
        return Scope.of("href", e.href(""), "title", e.title(), "service", e.service(),
                "path", e.parsed().path(), "status", e.status(), "status_label", e.statusLabel(),
                "errors", e.errors(), "warnings", e.warnings(), "to_do", e.toDo(), "lint", Pages.lint(e.lint()),
                "policy", Pages.policy(e.policy()), "clean", e.lint().isEmpty() && e.policy().isEmpty());
    }
}
