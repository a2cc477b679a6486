package dev.opsbook.site;

import dev.opsbook.runbook.Runbook;
import dev.opsbook.site.markdown.RunbookMarkdown;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * Renders the runbook site: source (parsed runbooks, history, git) → model → page scopes → Mustache
 * templates → files. Every page has a content hash of its inputs; with {@link SiteBuild#incremental()}
 * only pages whose hash changed are rendered and written. Reusable and thread-safe between builds,
 * so a server can keep one and rebuild on change.
 */
public final class SiteGenerator {
    private final RunbookMarkdown markdown = new RunbookMarkdown();

    record PageJob(String path, String inputHash, Supplier<byte[]> content) {}

    public SiteResult build(SiteBuild build) {
        long start = System.nanoTime();
        Stopwatch watch = new Stopwatch();
        Templates templates = new Templates(build.templates());
        SiteModel model = SiteModel.of(build);
        SiteOutput out = new SiteOutput(build.outDir(), build.incremental());
        watch.lap("model");
        String t = templates.fingerprint();
        List<PageJob> jobs = new ArrayList<>();
        Assets.jobs(templates, jobs);
        for (RunbookEntry e : model.entries) {
            Scope scope = RunbookView.page(build, model, e);
            jobs.add(new PageJob("runbooks/" + e.page() + ".html", Fingerprint.of(t, scope, e.parsed()),
                    () -> html(templates, "runbook.mustache", withBody(templates, scope, e))));
        }
        page(jobs, templates, "index.html", "home.mustache", AggregateViews.home(build, model));
        page(jobs, templates, "owners.html", "owners.mustache", AggregateViews.owners(build, model));
        page(jobs, templates, "data.html", "data.mustache", AggregateViews.data(build, model));
        page(jobs, templates, "scorecard.html", "scorecard.mustache", AggregateViews.scorecard(build, model));
        watch.lap("runbook and aggregate scopes");
        GraphView.job(build, model, templates, jobs);
        SearchPages.jobs(build, model, templates, jobs);
        watch.lap("graph and search scopes");

        List<String> written = Collections.synchronizedList(new ArrayList<>());
        int[] unchanged = {0};
        List<PageJob> todo = new ArrayList<>();
        for (PageJob job : jobs) {
            if (out.changed(job.path(), job.inputHash())) {
                todo.add(job);
            } else {
                unchanged[0]++;
            }
        }
        todo.parallelStream().forEach(job -> {
            out.write(job.path(), job.content().get());
            written.add(job.path());
        });
        watch.lap("render and write " + todo.size());
        int removed = out.finish();
        watch.lap("manifest");
        watch.print();
        Collections.sort(written);
        int failing = (int) model.entries.stream().filter(e -> !e.lint().isEmpty()).count();
        return new SiteResult(written, unchanged[0], removed, model.entries.size(), failing,
                Duration.ofNanos(System.nanoTime() - start));
    }

    private Scope withBody(Templates templates, Scope scope, RunbookEntry e) {
        Scope full = new Scope();
        full.putAll(scope);
        e.runbook().ifPresent((Runbook rb) -> full.with("body",
                markdown.render(rb, step -> templates.render("step-card.mustache", RunbookView.stepCard(rb, step)))));
        return full;
    }

    private static void page(List<PageJob> jobs, Templates templates, String path, String template, Scope scope) {
        jobs.add(new PageJob(path, Fingerprint.of(templates.fingerprint(), path, scope), () -> html(templates, template, scope)));
    }

    static byte[] html(Templates templates, String template, Object scope) {
        return templates.render(template, scope).getBytes(StandardCharsets.UTF_8);
    }
}
