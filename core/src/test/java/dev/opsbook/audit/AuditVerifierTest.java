package dev.opsbook.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbook.audit.VerificationResult.Break;
import dev.opsbook.audit.VerificationResult.Problem;
import dev.opsbook.testing.InMemoryAuditLog;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class AuditVerifierTest {
    private final InMemoryAuditLog log = new InMemoryAuditLog(Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC));

    private void appendFive() {
        for (int i = 1; i <= 5; i++) {
            log.append(AuditEvents.stepFinished("r-" + i, "succeeded"));
        }
    }

    @Test
    void anEmptyLogIsIntactWithTheGenesisHead() {
        VerificationResult result = AuditVerifier.verify(log);

        assertThat(result.intact()).isTrue();
        assertThat(result.verifiedEvents()).isZero();
        assertThat(result.headHash()).isEqualTo(HashChain.GENESIS);
    }

    @Test
    void anUntouchedChainIsIntact() {
        appendFive();

        VerificationResult result = AuditVerifier.verify(log);

        assertThat(result.intact()).isTrue();
        assertThat(result.verifiedEvents()).isEqualTo(5);
        assertThat(result.headHash()).isEqualTo(log.events().getLast().hash());
    }

    @Test
    void aChangedEventIsReportedAtItsSequence() {
        appendFive();
        log.tamper(events -> {
            RecordedEvent e = events.get(2);
            events.set(2, new RecordedEvent(e.sequence(), e.time(), AuditEvents.stepFinished("r-3", "failed"),
                    e.previousHash(), e.hash()));
            return events;
        });

        assertThat(AuditVerifier.verify(log).firstBreak()).get()
                .returns(3L, Break::sequence).returns(Problem.HASH_MISMATCH, Break::problem);
    }

    @Test
    void aChangedEventWithARecomputedHashBreaksTheNextLink() {
        appendFive();
        log.tamper(events -> {
            RecordedEvent e = events.get(2);
            events.set(2, HashChain.link(3, e.time(), e.previousHash(), AuditEvents.stepFinished("r-3", "failed")));
            return events;
        });

        VerificationResult result = AuditVerifier.verify(log);

        assertThat(result.firstBreak()).get().returns(4L, Break::sequence).returns(Problem.BROKEN_LINK, Break::problem);
        assertThat(result.verifiedEvents()).isEqualTo(3);
    }

    @Test
    void aDeletedEventIsReportedAsMissing() {
        appendFive();
        log.tamper(events -> {
            events.remove(1);
            return events;
        });

        assertThat(AuditVerifier.verify(log).firstBreak()).get()
                .returns(2L, Break::sequence).returns(Problem.MISSING_EVENT, Break::problem)
                .extracting(Break::detail).isEqualTo("event 2 is missing (the next stored event is 3)");
    }

    @Test
    void aRepeatedSequenceIsOutOfOrder() {
        appendFive();
        log.tamper(events -> {
            events.add(3, events.get(2));
            return events;
        });

        assertThat(AuditVerifier.verify(log).firstBreak()).get()
                .returns(3L, Break::sequence).returns(Problem.OUT_OF_ORDER, Break::problem);
    }

    @Test
    void theFirstEventMustLinkToGenesis() {
        log.tamper(events -> List.of(HashChain.link(1, Instant.EPOCH, "f".repeat(64), AuditEvents.interrupted())));

        assertThat(AuditVerifier.verify(log).firstBreak()).get()
                .returns(1L, Break::sequence).returns(Problem.BROKEN_LINK, Break::problem);
    }

    @Test
    void anExpectedHeadMustBeInTheChain() {
        appendFive();
        String third = log.events().get(2).hash();

        assertThat(AuditVerifier.verify(log, Optional.of(third)).intact()).isTrue();
        VerificationResult rewritten = AuditVerifier.verify(log, Optional.of("e".repeat(64)));
        assertThat(rewritten.intact()).isFalse();
        assertThat(rewritten.firstBreak()).isEmpty();
        assertThat(rewritten.missingAnchor()).contains("e".repeat(64));
    }

    @Test
    void aMalformedStoredEventIsABreakButAStorageFailurePropagates() {
        AuditLog malformedThird = new AuditLog() {
            public RecordedEvent append(AuditEvent event) {
                throw new UnsupportedOperationException();
            }

            public void read(long from, Consumer<RecordedEvent> sink) {
                appendFive();
                log.read(from, e -> {
                    if (e.sequence() == 3) {
                        throw new AuditReadException(3, "event 3 has an empty actor platform", null);
                    }
                    sink.accept(e);
                });
            }
        };
        assertThat(AuditVerifier.verify(malformedThird).firstBreak()).get()
                .returns(3L, Break::sequence).returns(Problem.UNREADABLE, Break::problem);

        AuditLog down = new AuditLog() {
            public RecordedEvent append(AuditEvent event) {
                throw new UnsupportedOperationException();
            }

            public void read(long from, Consumer<RecordedEvent> sink) {
                throw new AuditReadException("connection refused", null);
            }
        };
        assertThatThrownBy(() -> AuditVerifier.verify(down)).isInstanceOf(AuditReadException.class);
    }
}
