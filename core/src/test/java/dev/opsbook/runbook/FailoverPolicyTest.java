package dev.opsbook.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link FailoverPolicy#sameAs}: what a runbook reload treats as an unchanged watch. */
class FailoverPolicyTest {
    static final String RUNBOOK = """
            ---
            id: web
            title: Web
            service: web
            owners: [alice]
            %s
            failover:
              procedure: failover
              interval: 5s
              retry_timeout: 2s
              ttl: 15s
              cooldown: %s
              probes:
                - name: up
                  http: http://127.0.0.1:8080/health
                - name: port
                  tcp: 127.0.0.1:8080
              stages:
                step: promote
                parameter: weight
                weights: [50, 100]
            ---
            ## Failover

            ```bash {#promote kind=failover}
            echo "$WEIGHT"
            ```
            """;

    static FailoverPolicy policy(String extraFrontMatter, String cooldown) {
        return RunbookParser.parse("web.md", RUNBOOK.formatted(extraFrontMatter, cooldown).getBytes(StandardCharsets.UTF_8))
                .runbook().orElseThrow().failover().orElseThrow();
    }

    @Test
    void theSameBlockOnOtherLinesIsTheSame() {
        FailoverPolicy before = policy("rto: 1h", "30m");
        FailoverPolicy moved = policy("rto: 1h\nrpo: 1d\ntier: 1", "30m");
        assertThat(moved.position()).isNotEqualTo(before.position());
        assertThat(moved).isNotEqualTo(before);
        assertThat(moved.sameAs(before)).isTrue();
    }

    @Test
    void anyChangedFieldIsAnotherPolicy() {
        assertThat(policy("rto: 1h", "45m").sameAs(policy("rto: 1h", "30m"))).isFalse();
        assertThat(policy("rto: 1h", "30m").sameAs(null)).isFalse();
    }
}
