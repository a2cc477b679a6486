package dev.opsbook.site;

import dev.opsbook.runbook.Person;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.Section;
import dev.opsbook.runbook.Step;
import dev.opsbook.site.search.SearchDocument;
import dev.opsbook.site.search.SearchIndex;
import dev.opsbook.site.search.ShardFormat;
import dev.opsbook.site.search.ShardIndexer;
import dev.opsbook.site.search.SearchText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** search.html, the index shards and the per-page snippet texts. Shards that changed are indexed in one batch. */
final class SearchPages {
    private SearchPages() {}

    static void jobs(SiteBuild build, SiteModel model, Map<RunbookEntry, Derived> derived, Templates templates,
                     List<SiteGenerator.PageJob> jobs) {
        int shards = SearchIndex.shardCount(model.entries.size());
        Map<Integer, List<SearchDocument>> byShard = new TreeMap<>();
        Map<Integer, List<ShardIndexer.Terms>> termsByShard = new TreeMap<>();
        Map<Integer, StringBuilder> shardFps = new TreeMap<>();
        for (RunbookEntry e : model.entries) {
            Derived derivation = derived.get(e);
            SearchDocument d = derivation.document();
            int shard = SearchIndex.shardOf(e.page(), shards);
            byShard.computeIfAbsent(shard, k -> new ArrayList<>()).add(d);
            termsByShard.computeIfAbsent(shard, k -> new ArrayList<>()).add(derivation.terms());
            shardFps.computeIfAbsent(shard, k -> new StringBuilder()).append(derivation.documentFp());
            jobs.add(new SiteGenerator.PageJob("search/text/" + e.page() + ".js", derivation.documentFp(),
                    () -> SearchIndex.textScript(d).getBytes(StandardCharsets.UTF_8)));
        }
        for (int k = 0; k < shards; k++) {
            List<SearchDocument> docs = byShard.getOrDefault(k, List.of());
            List<ShardIndexer.Terms> terms = termsByShard.getOrDefault(k, List.of());
            jobs.add(new SiteGenerator.PageJob(shardPath(k), Fingerprint.of("shard", ShardFormat.VERSION,
                    shardFps.getOrDefault(k, new StringBuilder()).toString()),
                    () -> SearchIndex.shardScript(docs, terms).getBytes(StandardCharsets.UTF_8)));
        }
        Scope scope = Pages.page(build, "", "search.html", "Search", "search")
                .with("shards", IntStream.range(0, shards).mapToObj(SearchPages::shardPath).toList());
        jobs.add(new SiteGenerator.PageJob("search.html", Fingerprint.of(templates.fingerprint(), scope),
                () -> SiteGenerator.html(templates, "search.mustache", scope)));
    }

    private static String shardPath(int k) {
        return "search/shard-" + k + ".js";
    }

    static SearchDocument document(RunbookEntry e) {
        Optional<Runbook> rb = e.runbook();
        List<SearchText.Part> parts = rb.map(SearchText::parts).orElse(List.of());
        String owners = rb.map(r -> Stream.concat(Stream.of(r.owners().team()),
                Stream.of(r.owners().people(), r.approvers()).flatMap(List::stream).flatMap(SearchPages::names))
                .filter(s -> !s.isBlank()).distinct().collect(Collectors.joining(" "))).orElse("");
        String steps = rb.map(r -> r.steps().stream().map(Step::id).collect(Collectors.joining(" "))).orElse("");
        String headings = rb.map(r -> r.sections().stream().map(Section::title).collect(Collectors.joining(" "))).orElse("");
        String body = parts.stream().map(SearchText.Part::text).collect(Collectors.joining(" "));
        return new SearchDocument(e.page(), e.href(""), e.title(), e.service(), owners, steps, headings, body, parts);
    }

    private static Stream<String> names(Person p) {
        return Stream.concat(Stream.of(p.id(), p.name()), p.handles().values().stream());
    }
}
