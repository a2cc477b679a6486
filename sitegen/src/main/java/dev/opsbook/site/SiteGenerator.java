package dev.opsbook.site;

import dev.opsbook.runbook.Runbook;
import dev.opsbook.site.markdown.RunbookMarkdown;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Renders the runbook site: source (parsed runbooks, history, git) → model → page scopes → Mustache
 * templates → files. Every page has a content hash of its inputs; with {@link SiteBuild#incremental()}
 * only pages whose hash changed are rendered and written. Keep one generator for repeated builds (as
 * a server does): what it derives from each runbook is reused while that runbook's inputs are unchanged.
 * Builds into different folders may run concurrently.
 */
public final class SiteGenerator {
    private final RunbookMarkdown markdown = new RunbookMarkdown();
    private final Map<String, Derived> cache = new ConcurrentHashMap<>();
    private final Map<String, Map.Entry<String, AggregateViews.Page>> sortedPages = new ConcurrentHashMap<>();

    record PageJob(String path, String inputHash, Supplier<byte[]> content) {}

    public SiteResult build(SiteBuild build) {
        long start = System.nanoTime();
        Stopwatch watch = new Stopwatch();
        Templates templates = new Templates(build.templates());
        SiteModel model = SiteModel.of(build);
        SiteOutput out = new SiteOutput(build.outDir(), build.incremental());
        Map<RunbookEntry, Derived> derived = derive(model);
        watch.lap("model");
        String t = Fingerprint.of(templates.fingerprint(), build.repoUrl(), build.baseUrl());
        List<PageJob> jobs = new ArrayList<>();
        Assets.jobs(templates, jobs);
        for (RunbookEntry e : model.entries) {
            Derived d = derived.get(e);
            String cross = crossLinks(model, e);
            jobs.add(new PageJob("runbooks/" + e.page() + ".html", Fingerprint.of(t, d.parsedFp(), d.factsFp(), e.page(), cross,
                            e.runbook().map(rb -> rb.schedules().stream().map(sc -> ScheduleTimes.next(sc, build.clock().instant()))
                                    .toList()).orElse(List.of())),
                    () -> html(templates, "runbook.mustache", withBody(templates, RunbookView.page(build, model, e), e))));
        }
        page(jobs, templates, t, "index.html", "home.mustache", AggregateViews.home(build, model, derived, sortedPages));
        page(jobs, templates, t, "owners.html", "owners.mustache", AggregateViews.owners(build, model, derived, sortedPages));
        page(jobs, templates, t, "data.html", "data.mustache", AggregateViews.data(build, model, derived, sortedPages));
        page(jobs, templates, t, "scorecard.html", "scorecard.mustache", AggregateViews.scorecard(build, model, derived, sortedPages));
        watch.lap("runbook and aggregate scopes");
        GraphView.job(build, model, templates, jobs);
        SearchPages.jobs(build, model, derived, templates, jobs);
        watch.lap("graph and search scopes");

        List<String> written = Collections.synchronizedList(new ArrayList<>());
        int unchanged = 0;
        List<PageJob> todo = new ArrayList<>();
        for (PageJob job : jobs) {
            if (out.changed(job.path(), job.inputHash())) {
                todo.add(job);
            } else {
                unchanged++;
            }
        }
        todo.parallelStream().forEach(job -> {
            out.write(job.path(), job.content().get());
            written.add(job.path());
        });
        watch.lap("render and write " + todo.size());
        int removed = out.finish(!todo.isEmpty());
        watch.lap("manifest");
        watch.print();
        Collections.sort(written);
        int failing = (int) model.entries.stream().filter(e -> e.lint().stream()
                .anyMatch(f -> f.severity() != dev.opsbook.runbook.Severity.INFO)).count();
        return new SiteResult(written, unchanged, removed, model.entries.size(), failing, Duration.ofNanos(System.nanoTime() - start));
    }

    /** The other pages a runbook page links to (its dependencies and dependents), as part of its inputs. */
    private static String crossLinks(SiteModel model, RunbookEntry e) {
        if (e.runbook().isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder();
        for (String d : e.runbook().get().dependsOn()) {
            s.append(d).append('=').append(model.servicePage.getOrDefault(d, "")).append(',');
        }
        s.append('|');
        for (String d : model.dependents.getOrDefault(e.runbook().get().service(), java.util.Set.of())) {
            s.append(d).append('=').append(model.servicePage.getOrDefault(d, "")).append(',');
        }
        return s.toString();
    }

    /** Reuses what was derived from each entry at the last build while its inputs are unchanged. */
    private Map<RunbookEntry, Derived> derive(SiteModel model) {
        Map<RunbookEntry, Derived> out = Collections.synchronizedMap(new IdentityHashMap<>());
        model.entries.parallelStream().forEach(e -> {
            Derived d = cache.get(e.parsed().path());
            if (d == null || !d.validFor(e)) {
                d = Derived.of(e);
                cache.put(e.parsed().path(), d);
            }
            out.put(e, d);
        });
        if (cache.size() > model.entries.size()) {
            java.util.Set<String> live = model.entries.stream().map(e -> e.parsed().path()).collect(Collectors.toSet());
            cache.keySet().retainAll(live);
        }
        return out;
    }

    private Scope withBody(Templates templates, Scope scope, RunbookEntry e) {
        e.runbook().ifPresent((Runbook rb) -> scope.with("body",
                markdown.render(rb, step -> templates.render("step-card.mustache", RunbookView.stepCard(rb, step)))));
        return scope;
    }

    private static void page(List<PageJob> jobs, Templates templates, String t, String path, String template, AggregateViews.Page page) {
        jobs.add(new PageJob(path, Fingerprint.of(t, path, page.fp()), () -> html(templates, template, page.scope())));
    }

    static byte[] html(Templates templates, String template, Object scope) {
        return templates.render(template, scope).getBytes(StandardCharsets.UTF_8);
    }
}
