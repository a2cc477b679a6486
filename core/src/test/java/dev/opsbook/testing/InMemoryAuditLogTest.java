package dev.opsbook.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.AuditVerifier;
import dev.opsbook.audit.AuditWriteException;
import dev.opsbook.audit.RecordedEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class InMemoryAuditLogTest {
    private final InMemoryAuditLog log = new InMemoryAuditLog(Clock.systemUTC());

    private static AuditEvent event(String action) {
        return new AuditEvent(Actor.SYSTEM, action, Optional.of("r-1"), Optional.empty(), Optional.empty(),
                Map.of(), "ok", Optional.empty(), Optional.empty(), Map.of());
    }

    @Test
    void concurrentAppendsFormOneGapFreeChain() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 250; i++) {
                        log.append(event(AuditActions.STEP_STARTED));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }

        assertThat(log.events()).extracting(RecordedEvent::sequence).hasSize(2000).doesNotHaveDuplicates();
        assertThat(AuditVerifier.verify(log).verifiedEvents()).isEqualTo(2000);
        assertThat(AuditVerifier.verify(log).intact()).isTrue();
    }

    @Test
    void injectedFailuresRecordNothingUntilRecovered() {
        log.append(event(AuditActions.RUN_STARTED));
        log.failWhen(e -> e.action().equals(AuditActions.STEP_STARTED));

        assertThatThrownBy(() -> log.append(event(AuditActions.STEP_STARTED)))
                .isInstanceOf(AuditWriteException.class).hasMessageContaining("step.started");
        log.append(event(AuditActions.RUN_FINISHED));
        log.failAll();
        assertThatThrownBy(() -> log.append(event(AuditActions.RUN_FINISHED))).isInstanceOf(AuditWriteException.class);
        log.recover();
        log.append(event(AuditActions.RUN_STARTED));

        assertThat(log.actions()).containsExactly(AuditActions.RUN_STARTED, AuditActions.RUN_FINISHED,
                AuditActions.RUN_STARTED);
        assertThat(AuditVerifier.verify(log).intact()).isTrue();
    }

    @Test
    void readStartsAtTheGivenSequence() {
        for (int i = 0; i < 5; i++) {
            log.append(event(AuditActions.STEP_STARTED));
        }
        List<Long> seen = new ArrayList<>();

        log.read(4, e -> seen.add(e.sequence()));

        assertThat(seen).containsExactly(4L, 5L);
    }
}
