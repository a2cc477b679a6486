package dev.opsbook.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.chat.ChatButton;
import dev.opsbook.chat.ChatDeliveryException;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.testing.FakeClock;
import dev.opsbook.testing.RecordingChatGateway;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Incidents from the documented payloads: one card per alert group, repeats (same fingerprint) update it, the
 * resolution updates it with the duration, and a chat outage delays the card without losing it.
 */
class IncidentCardsTest {
    static final Runbook PROBE = AlertRoutingTest.runbook("probes.md",
            "id: probes\ntitle: Blackbox probes\nservice: web\nalerts: [ProbeFailure]");
    static final List<ChatThread> CHANNELS = List.of(ChatThread.channel("slack", "CALERTS"), ChatThread.channel("discord", "42"));

    final FakeClock clock = FakeClock.at("2023-02-06T13:10:00Z");
    final RecordingChatGateway chat = new RecordingChatGateway();
    final IncidentBoard board = new IncidentBoard(clock);
    final CardDeliveries cards = new CardDeliveries(chat, clock,
            id -> board.find(id).map(i -> IncidentCard.render(i, "https://ops.example.com")));

    Incidents.Received receive(String resource) {
        Incidents.Received r = board.receive(AlertPayload.parse(AlertPayloadTest.resource(resource)), List.of(PROBE), CHANNELS);
        cards.changed(r.incident().id(), r.incident().channels());
        return r;
    }

    @Test
    void aFiringAlertPostsOneCardPerChannelWithTheRunbookAndButtons() {
        Incidents.Received r = receive("alertmanager-firing.json");
        cards.pump();
        assertThat(r.opened()).isTrue();
        assertThat(chat.calls("post")).extracting(c -> c.where().platform()).containsExactly("slack", "discord");
        ChatMessage card = chat.calls("post").getFirst().message();
        assertThat(card.text()).isEqualTo("Alert firing: *ProbeFailure*");
        assertThat(card.fields()).extracting(f -> f.label() + "=" + f.value()).contains("Severity=critical",
                "Started=2023-02-06 13:08:45 UTC", "Summary=BlackBox Probe Failure: https://server.example.org",
                "Runbook=Blackbox probes (`probes`, by alerts)\nhttps://ops.example.com/runbooks/probes.html");
        assertThat(card.buttons()).extracting(ChatButton::label).containsExactly("Run diagnosis", "Open runbook", "Acknowledge");
        assertThat(card.buttons().get(1).url()).contains("https://ops.example.com/runbooks/probes.html");
        assertThat(card.buttons().get(0).value()).isEqualTo(r.incident().id());
    }

    @Test
    void aRepeatedNotificationUpdatesTheCardAndNeverPostsANewOne() {
        String id = receive("alertmanager-firing.json").incident().id();
        cards.pump();
        Incidents.Received again = receive("alertmanager-firing.json");
        Incidents.Received third = receive("alertmanager-firing.json");
        cards.pump();
        assertThat(again.opened()).isFalse();
        assertThat(third.incident().id()).isEqualTo(id);
        assertThat(third.repeated()).hasSize(1);
        assertThat(chat.calls("post")).hasSize(2);
        assertThat(chat.calls("update")).hasSize(2).allMatch(c -> c.message().context().orElseThrow().contains("3 notification(s)"));
    }

    @Test
    void theResolutionUpdatesTheCardWithTheDuration() {
        receive("alertmanager-firing.json");
        cards.pump();
        Incidents.Received resolved = receive("alertmanager-resolved.json");
        cards.pump();
        assertThat(resolved.nowResolved()).isTrue();
        assertThat(resolved.incident().duration()).contains(Duration.ofMinutes(30));
        ChatMessage card = chat.calls("update").getLast().message();
        assertThat(card.text()).isEqualTo("Resolved: *ProbeFailure* after 30m");
        assertThat(card.buttons()).isEmpty();
        assertThat(chat.calls("post")).hasSize(2);
    }

    @Test
    void anIncidentResolvedLongAgoInTheSendersClockIsKeptUntilItsCardIsUpdated() {
        String id = receive("alertmanager-firing.json").incident().id();
        cards.pump();
        receive("alertmanager-resolved.json");
        board.forget(clock.instant().minus(Duration.ofDays(7)));
        cards.pump();
        assertThat(chat.calls("update")).extracting(c -> c.message().text()).hasSize(2).containsOnly("Resolved: *ProbeFailure* after 30m");
        clock.advance(Duration.ofDays(8));
        board.forget(clock.instant().minus(Duration.ofDays(7)));
        assertThat(board.find(id)).isEmpty();
    }

    @Test
    void aGroupThatFiresAgainAfterItWasResolvedIsANewIncident() {
        String first = receive("alertmanager-firing.json").incident().id();
        receive("alertmanager-resolved.json");
        Incidents.Received again = receive("alertmanager-firing.json");
        assertThat(again.opened()).isTrue();
        assertThat(again.incident().id()).isNotEqualTo(first);
    }

    @Test
    void aGroupOfTwoAlertsIsOneCardAndAGroupedRepeatOfOneFingerprintStaysInIt() {
        Incidents.Received r = board.receive(AlertPayload.parse(AlertPayloadTest.resource("alertmanager-grouped.json")),
                List.of(PROBE), CHANNELS.subList(0, 1));
        cards.changed(r.incident().id(), r.incident().channels());
        cards.pump();
        assertThat(chat.calls("post")).hasSize(1);
        assertThat(chat.calls("post").getFirst().message().text()).isEqualTo("Alert firing: *ProbeFailure* (2 of 2 firing)");
        Incidents.Received single = board.receive(AlertPayload.parse(AlertPayloadTest.resource("alertmanager-firing.json")),
                List.of(PROBE), CHANNELS.subList(0, 1));
        assertThat(single.incident().id()).isEqualTo(r.incident().id());
    }

    @Test
    void anUnmappedAlertIsStillAnnouncedSayingHowToMapIt() {
        Incidents.Received r = board.receive(AlertPayload.parse(AlertPayloadTest.resource("grafana.json")), List.of(PROBE),
                CHANNELS.subList(0, 1));
        cards.changed(r.incident().id(), r.incident().channels());
        cards.pump();
        ChatMessage card = chat.calls("post").getFirst().message();
        assertThat(card.fields()).anyMatch(f -> f.label().equals("Runbook") && f.value().startsWith("none matched: add `alerts: [High memory usage]`"));
        assertThat(card.buttons()).extracting(ChatButton::label).containsExactly("Acknowledge");
    }

    @Test
    void aChatOutageDelaysTheCardAndItArrivesOnceChatIsBack() {
        chat.failNext(3, () -> ChatDeliveryException.transientFailure("slack is down", null));
        Incidents.Received r = board.receive(AlertPayload.parse(AlertPayloadTest.resource("alertmanager-firing.json")),
                List.of(PROBE), CHANNELS.subList(0, 1));
        cards.changed(r.incident().id(), r.incident().channels());
        cards.pump();
        assertThat(chat.calls("post")).isEmpty();
        receive("alertmanager-firing.json");
        for (int i = 0; i < 10 && chat.calls("post").isEmpty(); i++) {
            clock.advance(Duration.ofSeconds(10));
            cards.pump();
        }
        assertThat(chat.calls("post")).hasSize(1);
        assertThat(chat.calls("post").getFirst().message().context().orElseThrow()).contains("2 notification(s)");
        assertThat(cards.pending()).isZero();
    }

    @Test
    void aPermanentFailureIsDroppedNotRetriedForever() {
        chat.failNext(1, () -> ChatDeliveryException.permanent("channel_not_found"));
        Incidents.Received r = board.receive(AlertPayload.parse(AlertPayloadTest.resource("alertmanager-firing.json")),
                List.of(PROBE), CHANNELS.subList(0, 1));
        cards.changed(r.incident().id(), r.incident().channels());
        cards.pump();
        clock.advance(Duration.ofMinutes(1));
        cards.pump();
        assertThat(chat.attempts()).isEqualTo(1);
        assertThat(cards.pending()).isZero();
    }

    @Test
    void acknowledgingRemovesTheButtonAndNamesWho() {
        String id = receive("alertmanager-firing.json").incident().id();
        assertThat(board.acknowledge(id, "alice")).isTrue();
        assertThat(board.acknowledge(id, "bob")).isFalse();
        ChatMessage card = IncidentCard.render(board.find(id).orElseThrow(), "");
        assertThat(card.fields()).anyMatch(f -> f.label().equals("Acknowledged") && f.value().equals("alice"));
        assertThat(card.buttons()).extracting(ChatButton::label).containsExactly("Run diagnosis", "Open runbook");
        assertThat(card.buttons().get(1).url()).isEmpty();
    }
}
