package dev.opsbook.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.alert.AlertNotification;
import dev.opsbook.alert.AlertPayload;
import dev.opsbook.alert.Incident;
import dev.opsbook.alert.Incidents;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.MessageRef;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.RunbookParser;
import dev.opsbook.testing.FakeClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Incidents and card messages in PostgreSQL, written through two connection pools (as two replicas): the same
 * notification folded concurrently is one incident, a new card sent concurrently is posted once and then updated,
 * and everything a card shows survives reading it back (as a restarted process does).
 */
class JdbcIncidentsIT {
    static final Runbook PROBES = RunbookParser.parse("runbooks/probes.md", """
            ---
            id: probes
            title: Blackbox probes
            service: web
            owners: [alice]
            alerts: [ProbeFailure]
            ---
            ## Diagnose

            ```bash {#look kind=check}
            echo ok
            ```
            """.getBytes(StandardCharsets.UTF_8)).runbook().orElseThrow();
    static final List<ChatThread> CHANNELS = List.of(ChatThread.channel("slack", "CALERTS"));

    private final TestDatabase test = TestDatabase.create();
    private final List<Database> open = new ArrayList<>();
    private final FakeClock clock = FakeClock.at("2023-02-06T13:10:00Z");

    private Database open() {
        Database db = Database.open(DatabaseSettings.external(test.url(), test.user(), test.password()));
        open.add(db);
        return db;
    }

    @AfterEach
    void close() {
        open.forEach(Database::close);
        test.close();
    }

    static AlertNotification notification(String name) throws IOException {
        try (InputStream in = JdbcIncidentsIT.class.getResourceAsStream("/alerts/" + name)) {
            return AlertPayload.parse(in.readAllBytes());
        }
    }

    @Test
    void theSameNotificationFoldedConcurrentlyThroughTwoPoolsIsOneIncident() throws Exception {
        JdbcIncidents a = new JdbcIncidents(open().dataSource(), clock, () -> List.of(PROBES));
        JdbcIncidents b = new JdbcIncidents(open().dataSource(), clock, () -> List.of(PROBES));
        AlertNotification firing = notification("alertmanager-firing.json");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Incidents.Received>> results = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            JdbcIncidents replica = i % 2 == 0 ? a : b;
            results.add(pool.submit((Callable<Incidents.Received>) () -> {
                go.await();
                return replica.receive(firing, List.of(PROBES), CHANNELS);
            }));
        }
        go.countDown();
        List<Incidents.Received> received = new ArrayList<>();
        for (Future<Incidents.Received> f : results) {
            received.add(f.get());
        }
        pool.shutdown();
        assertThat(received).extracting(r -> r.incident().id()).containsOnly(received.getFirst().incident().id());
        assertThat(received).filteredOn(Incidents.Received::opened).hasSize(1);
        assertThat(b.find(received.getFirst().incident().id()).orElseThrow().notifications()).isEqualTo(16);
    }

    @Test
    void anIncidentReadBackShowsWhatItsCardShowedAndItsResolution() throws Exception {
        JdbcIncidents a = new JdbcIncidents(open().dataSource(), clock, () -> List.of(PROBES));
        Incident.Snapshot opened = a.receive(notification("alertmanager-firing.json"), List.of(PROBES), CHANNELS).incident();
        assertThat(a.acknowledge(opened.id(), "alice")).isTrue();
        a.diagnosis(opened.id(), Optional.of("r-0123456789"), Optional.empty());

        JdbcIncidents restarted = new JdbcIncidents(open().dataSource(), clock, () -> List.of(PROBES));
        assertThat(restarted.acknowledge(opened.id(), "bob")).isFalse();
        Incident.Snapshot read = restarted.find(opened.id()).orElseThrow();
        assertThat(read.alerts()).isEqualTo(opened.alerts());
        assertThat(read.match().orElseThrow().runbook().id()).isEqualTo("probes");
        assertThat(read.match().orElseThrow().rule()).isEqualTo("alerts");
        assertThat(read.channels()).isEqualTo(CHANNELS);
        assertThat(read.startedAt()).isEqualTo(opened.startedAt());
        assertThat(read.acknowledgedBy()).contains("alice");
        assertThat(read.diagnosisRun()).contains("r-0123456789");
        a.linkRun(opened.id(), "r-0123456789", "opsbook:alertmanager");
        restarted.linkRun(opened.id(), "r-abcdef0123", "alice");
        restarted.linkRun(opened.id(), "r-0123456789", "alice");
        assertThat(a.runs(opened.id())).containsExactly("r-0123456789", "r-abcdef0123");

        Incidents.Received resolved = restarted.receive(notification("alertmanager-resolved.json"), List.of(PROBES), CHANNELS);
        assertThat(resolved.incident().id()).isEqualTo(opened.id());
        assertThat(resolved.nowResolved()).isTrue();
        assertThat(resolved.incident().duration()).contains(Duration.ofMinutes(30));
        assertThat(resolved.incident().acknowledgedBy()).contains("alice");
        assertThat(a.recent(10)).extracting(Incident.Snapshot::id).containsExactly(opened.id());

        Incidents.Received again = a.receive(notification("alertmanager-firing.json"), List.of(PROBES), CHANNELS);
        assertThat(again.opened()).isTrue();
        assertThat(again.incident().id()).isNotEqualTo(opened.id());
    }

    @Test
    void aNewCardSentConcurrentlyThroughTwoPoolsIsPostedOnceThenUpdated() throws Exception {
        JdbcIncidents incidents = new JdbcIncidents(open().dataSource(), clock, () -> List.of(PROBES));
        String id = incidents.receive(notification("alertmanager-firing.json"), List.of(PROBES), CHANNELS).incident().id();
        JdbcCardRefs a = new JdbcCardRefs(open().dataSource(), clock);
        JdbcCardRefs b = new JdbcCardRefs(open().dataSource(), clock);
        AtomicInteger posts = new AtomicInteger();
        AtomicInteger updates = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> sends = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            JdbcCardRefs replica = i % 2 == 0 ? a : b;
            sends.add(pool.submit(() -> {
                go.await();
                replica.exclusively(id, CHANNELS.getFirst(), ref -> {
                    if (ref.isPresent()) {
                        updates.incrementAndGet();
                        return Optional.empty();
                    }
                    sleep(); // a slow chat.postMessage: the others must wait for it, not post too
                    return Optional.of(new MessageRef("slack", "CALERTS", "1700000000.000" + posts.incrementAndGet()));
                });
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : sends) {
            f.get();
        }
        pool.shutdown();
        assertThat(posts).hasValue(1);
        assertThat(updates).hasValue(5);
        assertThat(b.posted(id)).containsExactly(new MessageRef("slack", "CALERTS", "1700000000.0001"));
        assertThat(a.incidentOf(new MessageRef("slack", "CALERTS", "1700000000.0001"))).contains(id);
        assertThat(a.incidentOf(new MessageRef("slack", "CALERTS", "1700000000.0002"))).isEmpty();
    }

    @Test
    void aSendThatFailsRemembersNothingSoTheRetryPosts() throws Exception {
        JdbcIncidents incidents = new JdbcIncidents(open().dataSource(), clock, () -> List.of(PROBES));
        String id = incidents.receive(notification("alertmanager-firing.json"), List.of(PROBES), CHANNELS).incident().id();
        JdbcCardRefs refs = new JdbcCardRefs(open().dataSource(), clock);
        try {
            refs.exclusively(id, CHANNELS.getFirst(), ref -> {
                throw new IllegalStateException("slack is down");
            });
        } catch (IllegalStateException expected) {
            // the card stays unposted
        }
        List<Optional<MessageRef>> seen = new ArrayList<>();
        refs.exclusively(id, CHANNELS.getFirst(), ref -> {
            seen.add(ref);
            return Optional.of(new MessageRef("slack", "CALERTS", "1.2"));
        });
        assertThat(seen).containsExactly(Optional.empty());
        assertThat(refs.posted(id)).hasSize(1);
    }

    private static void sleep() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
