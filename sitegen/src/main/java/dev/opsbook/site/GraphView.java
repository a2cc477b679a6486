package dev.opsbook.site;

import dev.opsbook.site.graph.DependencyGraph;
import dev.opsbook.site.graph.GraphNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The dependency graph page: its inputs are each service's first runbook page, status and dependencies. */
final class GraphView {
    private GraphView() {}

    static void job(SiteBuild build, SiteModel model, Templates templates, List<SiteGenerator.PageJob> jobs) {
        List<GraphNode> nodes = new ArrayList<>();
        Map<String, List<String>> deps = new TreeMap<>();
        model.byService.forEach((service, all) -> {
            List<RunbookEntry> entries = all.stream().filter(e -> e.runbook().isPresent()).toList();
            if (entries.isEmpty()) {
                return; // unreadable runbooks have no service to draw
            }
            String status = entries.stream().map(RunbookEntry::status).reduce(GraphView::worse).orElse("ready");
            nodes.add(new GraphNode(service, entries.getFirst().href(""), status));
            List<String> d = entries.stream().flatMap(e -> e.runbook().stream()).flatMap(rb -> rb.dependsOn().stream())
                    .distinct().sorted().toList();
            if (!d.isEmpty()) {
                deps.put(service, d);
            }
        });
        Scope scope = Pages.page(build, "", "graph.html", "Dependency graph", "graph")
                .with("services", nodes.size()).with("edges", deps.values().stream().mapToInt(List::size).sum());
        StringBuilder inputs = new StringBuilder();
        nodes.forEach(n -> inputs.append(n.name()).append('|').append(n.href()).append('|').append(n.status()).append('\n'));
        deps.forEach((k, v) -> inputs.append(k).append('>').append(String.join(",", v)).append('\n'));
        jobs.add(new SiteGenerator.PageJob("graph.html", Fingerprint.of(templates.fingerprint(), scope, inputs.toString()), () -> {
            Scope full = new Scope();
            full.putAll(scope);
            full.with("svg", DependencyGraph.svg(nodes, deps, ""));
            return SiteGenerator.html(templates, "graph.mustache", full);
        }));
    }

    private static String worse(String a, String b) {
        List<String> order = List.of("ready", "attention", "not-ready");
        return order.indexOf(a) >= order.indexOf(b) ? a : b;
    }
}
