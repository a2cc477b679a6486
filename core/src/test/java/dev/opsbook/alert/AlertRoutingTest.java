package dev.opsbook.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.RunbookParser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertRoutingTest {
    static Runbook runbook(String file, String frontMatter) {
        String md = "---\n" + frontMatter + "\nowners: [alice]\n---\n## Diagnose\n\n```bash {#look kind=check}\necho ok\n```\n";
        return RunbookParser.parse("runbooks/" + file, md.getBytes(StandardCharsets.UTF_8)).runbook().orElseThrow();
    }

    static final Runbook ORDERS = runbook("orders-db.md", "id: orders-db\ntitle: Orders DB\nservice: orders\nalerts: [OrdersDbDown]");
    static final Runbook SHOP = runbook("storefront.md", "id: storefront\ntitle: Storefront\nservice: shop");
    static final Runbook LEGACY = runbook("legacy-orders.md", "id: a-legacy-orders\ntitle: Legacy\nservice: orders");
    static final List<Runbook> ALL = List.of(ORDERS, SHOP, LEGACY);

    static Alert alert(String name, Map<String, String> labels, Map<String, String> annotations) {
        Map<String, String> all = new HashMap<>(labels);
        all.put("alertname", name);
        return new Alert(true, all, annotations, Instant.parse("2026-12-04T10:00:00Z"), Optional.empty(), "f" + name.length(), "");
    }

    @Test
    void theRunbookUrlAnnotationWinsOverEverythingElse() {
        Alert a = alert("OrdersDbDown", Map.of("runbook", "orders-db", "service", "orders"),
                Map.of("runbook_url", "https://ops.example.com/runbooks/storefront.html#restore"));
        assertThat(AlertRouting.match(a, ALL)).map(m -> m.runbook().id() + " " + m.rule()).contains("storefront runbook_url");
        Alert md = alert("X", Map.of(), Map.of("runbook_url", "https://git.example.com/ops/blob/main/runbooks/orders-db.md"));
        assertThat(AlertRouting.match(md, ALL)).map(m -> m.runbook().id()).contains("orders-db");
    }

    @Test
    void aRunbookUrlThatNamesNoRunbookFallsThroughToTheLabel() {
        Alert a = alert("Whatever", Map.of("runbook", "storefront"), Map.of("runbook_url", "https://wiki.example.com/Runbook/1234"));
        assertThat(AlertRouting.match(a, ALL)).map(m -> m.runbook().id() + " " + m.rule()).contains("storefront runbook label");
    }

    @Test
    void thenTheRunbooksAlertsList() {
        Alert a = alert("OrdersDbDown", Map.of("service", "shop"), Map.of());
        assertThat(AlertRouting.match(a, ALL)).map(m -> m.runbook().id() + " " + m.rule()).contains("orders-db alerts");
    }

    @Test
    void thenTheServiceLabelPickingTheSmallestIdWhenSeveralRunbooksServeIt() {
        Alert a = alert("OrdersSlow", Map.of("service", "orders"), Map.of());
        assertThat(AlertRouting.match(a, ALL)).map(m -> m.runbook().id() + " " + m.rule()).contains("a-legacy-orders service label");
    }

    @Test
    void anAlertNothingNamesIsUnmapped() {
        assertThat(AlertRouting.match(alert("CpuHigh", Map.of("service", "billing"), Map.of()), ALL)).isEmpty();
        assertThat(AlertRouting.match(alert("CpuHigh", Map.of(), Map.of("runbook_url", "not a url at all ::")), ALL)).isEmpty();
    }

    @Test
    void pageNamesComeFromTheLastPathSegment() {
        assertThat(AlertRouting.pageName("https://ops.example.com/runbooks/orders-db.html")).contains("orders-db");
        assertThat(AlertRouting.pageName("https://ops.example.com/runbooks/orders-db/")).contains("orders-db");
        assertThat(AlertRouting.pageName("https://myrunbook.com/runbook/1234")).contains("1234");
        assertThat(AlertRouting.pageName("https://ops.example.com/")).isEmpty();
    }
}
