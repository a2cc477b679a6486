package dev.opsbook.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.runbook.Owners;
import dev.opsbook.runbook.ParsedRunbook;
import dev.opsbook.runbook.Person;
import dev.opsbook.runbook.Runbook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncrementalBuildTest {
    @TempDir
    Path out;

    private final SiteGenerator generator = new SiteGenerator();

    private SiteResult build(List<ParsedRunbook> runbooks) {
        return generator.build(SiteBuild.of(runbooks, out));
    }

    @Test
    void anUnchangedSiteWritesNothing() {
        SiteResult first = build(SampleRunbooks.all());
        SiteResult second = build(SampleRunbooks.all());
        assertThat(second.written()).isEmpty();
        assertThat(second.unchanged()).isEqualTo(first.written().size());
    }

    @Test
    void aBodyChangeRewritesOnlyThatRunbooksPageAndSearchData() {
        build(SampleRunbooks.all());
        SiteResult second = build(SampleRunbooks.all(SampleRunbooks.orders("Dump with pg_dump, then upload to the vault.")));
        assertThat(second.written()).containsExactlyInAnyOrder("runbooks/orders-db.html", "search/text/orders-db.js",
                "search/shard-0.js");
    }

    @Test
    void aSummaryChangeAlsoRewritesTheAggregatePages() {
        build(SampleRunbooks.all());
        Runbook orders = SampleRunbooks.orders();
        Runbook newOwner = new Runbook(orders.path(), orders.sha256(), orders.id(), orders.title(), orders.service(),
                new Owners("team-storage", List.of(Person.of("dave"))), orders.approvers(), orders.runners(), orders.impact(),
                orders.tier(), orders.rto(), orders.rpo(), orders.dataSources(), orders.dependsOn(), orders.escalation(),
                orders.schedules(), orders.links(), orders.parameters(), orders.secrets(), orders.approval(),
                orders.sections(), orders.steps(), orders.body());
        SiteResult second = build(SampleRunbooks.all(newOwner));
        assertThat(second.written()).contains("runbooks/orders-db.html", "index.html", "owners.html", "search/shard-0.js")
                .doesNotContain("runbooks/checkout-api.html", "runbooks/cache-flush.html", "assets/site.css", "graph.html");
    }

    @Test
    void aRemovedRunbookLosesItsPages() {
        build(SampleRunbooks.all());
        List<ParsedRunbook> fewer = new ArrayList<>(SampleRunbooks.all());
        fewer.removeIf(p -> p.path().contains("cache-flush"));
        SiteResult second = build(fewer);
        assertThat(second.removed()).isEqualTo(2);
        assertThat(out.resolve("runbooks/cache-flush.html")).doesNotExist();
        assertThat(second.written()).contains("index.html", "graph.html");
    }

    @Test
    void aDeletedOutputFileIsWrittenAgain() throws Exception {
        build(SampleRunbooks.all());
        Files.delete(out.resolve("runbooks/checkout-api.html"));
        assertThat(build(SampleRunbooks.all()).written()).containsExactly("runbooks/checkout-api.html");
    }

    @Test
    void aFullBuildRewritesEverything() {
        SiteResult first = build(SampleRunbooks.all());
        SiteBuild full = SiteBuild.of(SampleRunbooks.all(), out);
        full = new SiteBuild(full.runbooks(), out, full.templates(), full.history(), full.sources(), full.repoUrl(),
                full.baseUrl(), full.clock(), false);
        assertThat(generator.build(full).written()).hasSize(first.written().size());
    }
}
