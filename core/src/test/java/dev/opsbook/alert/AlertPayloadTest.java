package dev.opsbook.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The documented webhook bodies of Alertmanager and Grafana (src/test/resources/alerts/README.md) and bad ones. */
class AlertPayloadTest {

    static byte[] resource(String name) {
        try (InputStream in = AlertPayloadTest.class.getResourceAsStream("/alerts/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsAlertmanagersVersion4Payload() {
        AlertNotification n = AlertPayload.parse(resource("alertmanager-firing.json"));
        assertThat(n.source()).isEqualTo("alertmanager");
        assertThat(n.firing()).isTrue();
        assertThat(n.groupKey()).isEqualTo("{}/{severity=\"critical\"}:{alertname=\"ProbeFailure\"}");
        assertThat(n.receiver()).isEqualTo("sms");
        Alert a = n.alerts().getFirst();
        assertThat(a.name()).isEqualTo("ProbeFailure");
        assertThat(a.severity()).isEqualTo("critical");
        assertThat(a.summary()).isEqualTo("BlackBox Probe Failure: https://server.example.org");
        assertThat(a.startsAt()).isEqualTo(Instant.parse("2023-02-06T13:08:45.828Z"));
        assertThat(a.endsAt()).isEmpty();
        assertThat(a.fingerprint()).isEqualTo("1a30ba71cca2921f");
        assertThat(a.generatorUrl()).contains("probe_success");
    }

    @Test
    void readsTheResolvedNotificationWithItsEnd() {
        AlertNotification n = AlertPayload.parse(resource("alertmanager-resolved.json"));
        assertThat(n.firing()).isFalse();
        assertThat(n.alerts().getFirst().firing()).isFalse();
        assertThat(n.alerts().getFirst().endsAt()).contains(Instant.parse("2023-02-06T13:38:45.828Z"));
    }

    @Test
    void computesAStableFingerprintWhenTheSenderGivesNoneAndReadsOffsetsWithNanoseconds() {
        AlertNotification n = AlertPayload.parse(resource("alertmanager-gist.json"));
        Alert a = n.alerts().getFirst();
        assertThat(a.fingerprint()).hasSize(16).isEqualTo(AlertPayload.parse(resource("alertmanager-gist.json")).alerts().getFirst().fingerprint());
        assertThat(a.startsAt()).isEqualTo(Instant.parse("2018-08-03T07:52:26.739266876Z"));
        assertThat(a.summary()).isEqualTo("some description");
    }

    @Test
    void readsGrafanasWebhookWithBothAlertsOfTheGroup() {
        AlertNotification n = AlertPayload.parse(resource("grafana.json"));
        assertThat(n.source()).isEqualTo("grafana");
        assertThat(n.alerts()).extracting(Alert::name).containsExactly("High memory usage", "High CPU usage");
        assertThat(n.alerts().getFirst().runbookUrl()).contains("https://myrunbook.com/runbook/1234");
        assertThat(n.alerts()).extracting(Alert::fingerprint).containsExactly("c6eadffa33fcdf37", "bc97ff14869b13e3");
    }

    @Test
    void readsTheGenericFormWithoutVersionGroupKeyOrFingerprint() {
        AlertNotification n = AlertPayload.parse("""
                {"alerts": [{"labels": {"alertname": "DiskFull", "service": "orders"}, "startsAt": "2026-12-04T10:00:00Z"}]}
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(n.source()).isEqualTo("generic");
        assertThat(n.firing()).isTrue();
        assertThat(n.groupKey()).startsWith("{}:");
        assertThat(n.alerts().getFirst().label("service")).contains("orders");
    }

    @Test
    void refusesBadBodiesWithTheReason() {
        assertThatThrownBy(() -> AlertPayload.parse(new byte[0])).hasMessageContaining("empty");
        assertThatThrownBy(() -> parse("{\"alerts\": [")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> parse("[1,2]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> parse("{\"version\":\"4\"}")).hasMessageContaining("`alerts` is missing");
        assertThatThrownBy(() -> parse("{\"version\":\"4\",\"alerts\":[]}")).hasMessageContaining("`alerts` is empty");
        assertThatThrownBy(() -> parse("{\"version\":\"3\",\"alerts\":[]}")).hasMessageContaining("version `3` is not supported");
        assertThatThrownBy(() -> parse("{\"alerts\":[{\"labels\":{},\"startsAt\":\"2026-12-04T10:00:00Z\"}]}"))
                .hasMessage("alerts[0] has no label `alertname`");
        assertThatThrownBy(() -> parse("{\"alerts\":[{\"labels\":{\"alertname\":\"X\"}}]}"))
                .hasMessageContaining("alerts[0] has no `startsAt`");
        assertThatThrownBy(() -> parse("{\"alerts\":[{\"labels\":{\"alertname\":\"X\"},\"startsAt\":\"yesterday\"}]}"))
                .hasMessageContaining("alerts[0].startsAt `yesterday` is not an RFC 3339 time");
        assertThatThrownBy(() -> parse("{\"alerts\":[{\"status\":\"burning\",\"labels\":{\"alertname\":\"X\"},\"startsAt\":\"2026-12-04T10:00:00Z\"}]}"))
                .hasMessageContaining("must be firing or resolved");
        assertThatThrownBy(() -> parse("{\"alerts\":[{\"labels\":{\"alertname\":{\"a\":1}},\"startsAt\":\"2026-12-04T10:00:00Z\"}]}"))
                .hasMessageContaining("alerts[0].labels.alertname is not a string");
        assertThatThrownBy(() -> AlertPayload.parse(new byte[AlertPayload.MAX_BYTES + 1])).hasMessageContaining("more than");
    }

    private static AlertNotification parse(String json) {
        return AlertPayload.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
