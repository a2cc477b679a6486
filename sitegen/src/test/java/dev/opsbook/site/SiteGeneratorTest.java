package dev.opsbook.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.site.history.RunHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteGeneratorTest {
    @TempDir
    Path out;

    private final SiteGenerator generator = new SiteGenerator();

    private SiteBuild build() {
        return new SiteBuild(SampleRunbooks.all(), out, Optional.empty(), Optional.empty(),
                path -> path.contains("orders") ? Optional.of(new FileRevision("abcdef1234567890", java.time.OffsetDateTime.parse("2026-11-01T10:00:00Z"), path))
                        : Optional.empty(),
                Optional.of("https://git.example.com/org/repo/blob/{commit}/{path}"), Optional.empty(),
                Clock.fixed(Instant.parse("2026-11-25T00:00:00Z"), ZoneOffset.UTC), true);
    }

    private String read(String path) throws IOException {
        return Files.readString(out.resolve(path));
    }

    @Test
    void writesEveryPageAndAsset() {
        SiteResult result = generator.build(build());
        assertThat(result.written()).contains("index.html", "owners.html", "data.html", "graph.html", "scorecard.html",
                "search.html", "runbooks/orders-db.html", "runbooks/checkout-api.html", "runbooks/broken.html",
                "assets/site.css", "assets/site.js", "assets/search.js", "assets/lunr.min.js", "search/shard-0.js",
                "search/text/orders-db.js");
        assertThat(result.runbooks()).isEqualTo(4);
        assertThat(result.failingLint()).isEqualTo(1);
        assertThat(out.resolve(SiteOutput.MANIFEST)).exists();
    }

    @Test
    void runbookPageShowsStepCardsTocChatCommandsAndSource() throws IOException {
        generator.build(build());
        String page = read("runbooks/orders-db.html");
        assertThat(page).contains("id=\"step-restore-orders\"", "badge kind-restore", "needs 2 approval(s)",
                "/runbook run orders-db restore-orders", "/runbook run orders-db restore", "data-copy=\"code\"",
                "pg_restore --dbname&#61;orders_scratch orders.dump", "<h2 id=\"restore\"", "href=\"#restore\"",
                "https://git.example.com/org/repo/blob/abcdef1234567890/runbooks/orders-db.md", "last changed 2026-11-01 10:00 UTC",
                "team-payments", "Alice Nguyen (alice)", "@payments-oncall", "Checkout is read-only");
        assertThat(page).as("front matter removed").doesNotContain("id: orders-db");
        assertThat(page).as("raw HTML in Markdown is escaped").doesNotContain("<script>alert").contains("&lt;script&gt;");
        assertThat(page).as("plain code blocks stay code").contains("just documentation");
        assertThat(page).as("used by").contains("href=\"../runbooks/checkout-api.html\"");
        assertThat(read("runbooks/checkout-api.html")).contains("not in version control", "payments-gateway");
    }

    @Test
    void runbookPageShowsEachScheduleWithItsNextFireTimesAsOfTheBuild() throws IOException {
        generator.build(build());
        assertThat(read("runbooks/orders-db.html")).contains("<code>0 0 2 * * ?</code> Europe/Paris → backup<br>"
                + "<span class=\"muted\">next: Wed 2026-11-25 02:00 CET, Thu 2026-11-26 02:00 CET, Fri 2026-11-27 02:00 CET</span>");

        SiteBuild dayLater = build();
        dayLater = new SiteBuild(dayLater.runbooks(), out, dayLater.templates(), dayLater.history(), dayLater.sources(),
                dayLater.repoUrl(), dayLater.baseUrl(), Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC), true);
        assertThat(generator.build(dayLater).written()).contains("runbooks/orders-db.html");
        assertThat(read("runbooks/orders-db.html")).contains("next: Fri 2026-11-27 02:00 CET, Sat 2026-11-28 02:00 CET");
    }

    @Test
    void brokenRunbookGetsAPageWithItsFindings() throws IOException {
        generator.build(build());
        assertThat(read("runbooks/broken.html")).contains("could not be read", "3:7", "front matter is not valid YAML", "[yaml-syntax]");
        assertThat(read("scorecard.html")).contains("front matter is not valid YAML");
    }

    @Test
    void withoutHistoryTheSiteSaysSo() throws IOException {
        generator.build(build());
        assertThat(read("index.html")).contains("No run history");
        assertThat(read("runbooks/orders-db.html")).contains("No run history");
    }

    @Test
    void historyShowsRunsBackupsDrillsAndPolicy() throws IOException {
        generator.build(build().withHistory(RunHistory.of(SampleRunbooks.history())));
        String orders = read("runbooks/orders-db.html");
        assertThat(orders).doesNotContain("No run history")
                .contains("2026-11-20 02:00 UTC", "step <code>dump-orders</code>", "40m", "over the RTO of 30m",
                        "<svg class=\"trend\"", "drill-over-rto", "backup-older-than-rpo");
        assertThat(orders).contains("<h3>Drills</h3>", "<code>run-2</code>", "9m58s", "30m", "approvers were asleep: page the DBA on-call first",
                "<code>drill-0</code>", "checksum mismatch: refusing to restore it");
        assertThat(read("runbooks/checkout-api.html")).contains("result failed");
        assertThat(read("index.html")).contains("40m ✗");
    }

    @Test
    void aggregatePagesShowOwnershipDataAndPolicy() throws IOException {
        generator.build(build());
        assertThat(read("owners.html")).contains("team-payments", "bob, carol", "@sre-lead", "no owner");
        assertThat(read("data.html")).contains("kms://keys/orders", "meets RPO 1h", "backups every 1d &gt; RPO 5m");
        assertThat(read("scorecard.html")).contains("no-owner", "rpo-backup-frequency");
        String graph = read("graph.html");
        assertThat(graph).contains("<svg class=\"depgraph\"", "href=\"runbooks/orders-db.html\"", "payments-gateway", "node external");
        assertThat(read("search.html")).contains("search/shard-0.js", "assets/lunr.min.js");
        assertThat(read("search/shard-0.js")).contains("OPSBOOK_SHARDS", "Orders database: backup and restore", "\"terms\"", "\"postings\"");
        assertThat(read("search/text/orders-db.js")).contains("row counts");
    }
    @Test
    void runbookPageShowsTheFailoverPolicyWithoutCredentials(@TempDir Path runbooks) throws IOException {
        Files.writeString(runbooks.resolve("web.md"), """
                ---
                id: web-failover
                title: Web failover
                service: web
                owners: [alice]
                approvers: [bob]
                parameters:
                  - name: weight
                    type: int
                    default: "0"
                failover:
                  procedure: failover
                  interval: 5s
                  retry_timeout: 2s
                  ttl: 15s
                  promote:
                    failing: 80%
                    window: 60s
                  recover:
                    window: 2m
                  cooldown: 30m
                  max_per_hour: 2
                  probes:
                    - name: health
                      http: https://probe:s3cret@web.example.com/health?token=abc
                      status: 200
                      max_latency: 1s
                    - name: port
                      tcp: 10.0.0.7:443
                    - name: db
                      sql: ""
                      secret: WEB_DB_URL
                      query: select 1
                      expect: "1"
                    - name: errors
                      prometheus: http://prom:9090
                      query: rate(http_errors_total[1m])
                      max: 0.05
                  stages:
                    step: shift
                    parameter: weight
                    weights: [10, 50, 100]
                ---
                ## Failover

                ```bash {#promote kind=failover approvals=1}
                echo promoted
                ```

                ## Traffic

                ```bash {#shift kind=failover approvals=1}
                echo "$WEIGHT"
                ```
                """);
        java.util.List<dev.opsbook.runbook.ParsedRunbook> parsed = new dev.opsbook.runbook.RunbookLoader(
                dev.opsbook.runbook.LintPolicy.DEFAULTS.withCheckLinks(false)).load(java.util.List.of(runbooks));
        assertThat(parsed.getFirst().findings()).noneMatch(f -> f.severity() == dev.opsbook.runbook.Severity.ERROR);
        SiteBuild sample = build();
        java.util.List<dev.opsbook.runbook.ParsedRunbook> both = new java.util.ArrayList<>(parsed);
        both.add(SampleRunbooks.parsed(SampleRunbooks.orders()));
        generator.build(new SiteBuild(both, out, sample.templates(), sample.history(), sample.sources(), sample.repoUrl(),
                sample.baseUrl(), sample.clock(), true));
        String page = read("runbooks/web-failover.html");
        assertThat(page).contains("<h2>Failover controller</h2>", "href=\"#failover-controller\"", "id=\"failover-controller\"", "proposes, runs after approval",
                "procedure <a href=\"#failover\">Failover</a>", "/runbook failover web",
                "≥ 80% of samples failing over 1m", "≥ 100% of samples healthy over 2m",
                "every 5s · retry timeout 2s · leader lease 15s", "cooldown 30m after a failover · at most 2 per hour",
                "10% → 50% → 100%", "<code>shift</code>",
                "GET https://web.example.com/health?…", "HTTP 200 within 1s", "10.0.0.7:443", "connection opens",
                "secret WEB_DB_URL: select 1", "answers 1", "http://prom:9090: rate(http_errors_total[1m])", "every value ≤ 0.05");
        assertThat(page).as("credentials in probe URLs").doesNotContain("s3cret", "token=abc");
        assertThat(read("runbooks/orders-db.html")).as("only runbooks with a failover block").doesNotContain("Failover controller");
    }

    @Test
    void runbookPageShowsTheAlertsItAnswersAndWhetherItsDiagnosisRunsAtOnce() throws IOException {
        byte[] md = """
                ---
                id: probes
                title: Blackbox probes
                service: web
                owners: [alice]
                alerts: [ProbeFailure, "High memory usage"]
                alert_channels: [slack:C0PROBES]
                ---
                ## Diagnose

                ```bash {#look kind=check}
                curl -fsS https://web.example.com/health
                ```
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        SiteBuild sample = build();
        java.util.List<dev.opsbook.runbook.ParsedRunbook> both = new java.util.ArrayList<>(java.util.List.of(
                dev.opsbook.runbook.RunbookParser.parse("runbooks/probes.md", md)));
        both.add(SampleRunbooks.parsed(SampleRunbooks.orders()));
        generator.build(new SiteBuild(both, out, sample.templates(), sample.history(), sample.sources(), sample.repoUrl(),
                sample.baseUrl(), sample.clock(), true));
        assertThat(read("runbooks/probes.html")).contains("<h3>Alerts</h3>", "<li><code>ProbeFailure</code></li>",
                "<li><code>High memory usage</code></li>", "Incident cards go to <code>slack:C0PROBES</code>",
                "On an alert opsbook runs <strong>Diagnose</strong> at once (read-only steps only)");
        assertThat(read("runbooks/orders-db.html")).contains("<h3>Alerts</h3>", "alerts reach this runbook only by a");
    }

    @Test
    void runbookPageListsRecentIncidentsFromTheAuditLog() throws IOException {
        dev.opsbook.audit.RunbookRef ref = new dev.opsbook.audit.RunbookRef("orders-db", "ab".repeat(32), "");
        dev.opsbook.audit.Actor am = dev.opsbook.audit.Actor.ALERTMANAGER;
        java.util.List<dev.opsbook.audit.RecordedEvent> events = new java.util.ArrayList<>();
        java.util.function.BiConsumer<Instant, dev.opsbook.audit.AuditEvent> add = (t, e) -> events.add(
                new dev.opsbook.audit.RecordedEvent(events.size() + 1, t, e, "0".repeat(64), "1".repeat(64)));
        Instant t = Instant.parse("2026-11-20T08:00:00Z");
        add.accept(t, new dev.opsbook.audit.AuditEvent(am, dev.opsbook.audit.AuditActions.ALERT_RECEIVED, Optional.empty(),
                Optional.empty(), Optional.of(ref), java.util.Map.of(), "firing", Optional.empty(), Optional.empty(),
                java.util.Map.of("incident", "i-aaa", "alert", "OrdersDbDown", "severity", "critical", "starts_at", "2026-11-20T07:59:00Z")));
        add.accept(t.plusSeconds(2), new dev.opsbook.audit.AuditEvent(am, dev.opsbook.audit.AuditActions.ALERT_DIAGNOSIS,
                Optional.of("r-diag1"), Optional.empty(), Optional.of(ref), java.util.Map.of(), "started", Optional.empty(),
                Optional.empty(), java.util.Map.of("incident", "i-aaa")));
        add.accept(t.plusSeconds(900), new dev.opsbook.audit.AuditEvent(am, dev.opsbook.audit.AuditActions.ALERT_RESOLVED,
                Optional.empty(), Optional.empty(), Optional.of(ref), java.util.Map.of(), "resolved",
                Optional.of(java.time.Duration.ofMinutes(16)), Optional.empty(), java.util.Map.of("incident", "i-aaa")));
        add.accept(t.plusSeconds(3600), new dev.opsbook.audit.AuditEvent(am, dev.opsbook.audit.AuditActions.ALERT_RECEIVED,
                Optional.empty(), Optional.empty(), Optional.of(ref), java.util.Map.of(), "firing", Optional.empty(), Optional.empty(),
                java.util.Map.of("incident", "i-bbb", "alert", "OrdersDbReplicationLag", "starts_at", "2026-11-20T09:00:00Z")));
        generator.build(build().withHistory(RunHistory.of(events)));
        String page = read("runbooks/orders-db.html");
        assertThat(page).contains("<h3>Recent incidents</h3>", "<strong>OrdersDbReplicationLag</strong> · <span class=\"result failed\">open</span>",
                "<strong>OrdersDbDown</strong> (critical) · resolved after 16m · diagnosis <code>r-diag1</code> · <code>opsbook timeline i-aaa</code>");
        assertThat(page.indexOf("OrdersDbReplicationLag")).as("newest first").isLessThan(page.indexOf("OrdersDbDown"));
        assertThat(read("runbooks/checkout-api.html")).contains("No alert has opened an incident for this runbook.");
    }
}
