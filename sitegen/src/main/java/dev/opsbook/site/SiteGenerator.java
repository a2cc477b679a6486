package dev.opsbook.site;

import dev.opsbook.runbook.Runbook;
import dev.opsbook.site.markdown.RunbookMarkdown;
import dev.opsbook.site.search.NodeLunr;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Renders the runbook site: source (parsed runbooks, history, git) → model → page scopes → Mustache
 * templates → files. Every page has a content hash of its inputs; with {@link SiteBuild#incremental()}
 * only pages whose hash changed are rendered and written. Reusable and thread-safe between builds,
 * so a server can keep one and rebuild on change.
 */
public final class SiteGenerator {
    private final RunbookMarkdown markdown = new RunbookMarkdown();
    private final Supplier<Optional<NodeLunr>> node;

    /** Prebuilds the search index with {@code node} when it is installed. */
    public SiteGenerator() {
        this(true);
    }

    /** {@code prebuildSearch=false} always leaves index building to the browser. */
    public SiteGenerator(boolean prebuildSearch) {
        Optional<NodeLunr> found = prebuildSearch ? null : Optional.empty();
        this.node = found != null ? () -> found : new Supplier<>() {
            private Optional<NodeLunr> cached;

            @Override
            public synchronized Optional<NodeLunr> get() {
                if (cached == null) {
                    cached = NodeLunr.find();
                }
                return cached;
            }
        };
    }

    record PageJob(String path, String inputHash, Supplier<byte[]> content) {}

    public SiteResult build(SiteBuild build) {
        long start = System.nanoTime();
        Templates templates = new Templates(build.templates());
        SiteModel model = SiteModel.of(build);
        SiteOutput out = new SiteOutput(build.outDir(), build.incremental());
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
        GraphView.job(build, model, templates, jobs);
        SearchPages.jobs(build, model, templates, out, node, jobs);

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
        int removed = out.finish();
        Collections.sort(written);
        int failing = (int) model.entries.stream().filter(e -> !e.lint().isEmpty()).count();
        return new SiteResult(written, unchanged[0], removed, model.entries.size(), failing,
                SearchPages.prebuilt(node), Duration.ofNanos(System.nanoTime() - start));
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
