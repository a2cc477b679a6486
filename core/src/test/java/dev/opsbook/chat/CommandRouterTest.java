package dev.opsbook.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.testing.RecordingRunbookOperations;
import dev.opsbook.testing.RecordingRunbookOperations.Query;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandRouterTest {
    private final RecordingRunbookOperations ops = new RecordingRunbookOperations();
    private final IdentityDirectory identities = new ConfiguredIdentityDirectory(
            Map.of("slack:U1", "alice"), Map.of("dba", List.of("alice")));
    private final CommandRouter router = new CommandRouter(ops, identities);
    private final ChatUser alice = new ChatUser("slack", "U1", "Alice");
    private final ChatThread channel = ChatThread.channel("slack", "C1");

    private ChatMessage send(String text) {
        return router.handle(text, alice, channel, "trigger-1");
    }

    @Test
    void runWithProcedureAndQuotedParametersReachesTheOperations() {
        ChatMessage reply = send("run pg-restore \"Restore from snapshot\" target-db=orders env=\"eu west\" note='a b=c'");

        assertThat(reply.text()).isEqualTo("started pg-restore");
        StartRun start = ops.calls(StartRun.class).getFirst();
        assertThat(start.runbookId()).isEqualTo("pg-restore");
        assertThat(start.target()).contains("Restore from snapshot");
        assertThat(start.params()).containsExactly(
                Map.entry("target-db", "orders"), Map.entry("env", "eu west"), Map.entry("note", "a b=c"));
        assertThat(start.dryRun()).isFalse();
        assertThat(start.deliveryId()).isEqualTo("trigger-1");
        assertThat(start.thread()).isEqualTo(channel);
        assertThat(start.requester().identity()).isEqualTo(new Identity("alice", Set.of("dba")));
    }

    @Test
    void dryRunWithoutTargetAndCurlyQuotesFromChatClients() {
        send("dry-run pg-restore env=\u201Ceu west\u201D");

        StartRun start = ops.calls(StartRun.class).getFirst();
        assertThat(start.dryRun()).isTrue();
        assertThat(start.target()).isEmpty();
        assertThat(start.params()).containsEntry("env", "eu west");
    }

    @Test
    void everyVerbDispatches() {
        send("list");
        send("list billing");
        send("show pg-restore");
        send("status r-1");
        send("cancel r-1");
        send("resume r-2");
        send("approve r-3");
        send("reject r-4 not during the sale");
        send("history billing");
        send("audit r-5");

        List<Object> calls = ops.calls();
        assertThat(calls).hasSize(10);
        assertThat(((Query) calls.get(1)).argument()).contains("billing");
        assertThat(ops.calls(RunControl.class)).extracting(RunControl::kind, RunControl::runId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(RunControl.Kind.CANCEL, "r-1"),
                        org.assertj.core.groups.Tuple.tuple(RunControl.Kind.RESUME, "r-2"));
        List<CastVote> votes = ops.calls(CastVote.class);
        assertThat(votes.get(0).decision()).isEqualTo(Decision.APPROVE);
        assertThat(votes.get(0).stepId()).isEmpty();
        assertThat(votes.get(1).decision()).isEqualTo(Decision.REJECT);
        assertThat(votes.get(1).reason()).contains("not during the sale");
        assertThat(votes.get(1).source()).isEqualTo(CastVote.Source.COMMAND);
        assertThat(ops.calls(Query.class)).extracting(Query::what)
                .containsExactly("list", "list", "show", "status", "history", "audit");
    }

    @Test
    void recoveryPracticeVerbsDispatch() {
        send("schedules");
        send("schedules orders");
        send("backups orders");
        send("drill orders-db target-db=orders_drill");
        send("lesson r-7 the restore needed a bigger disk");
        send("failover checkout");

        assertThat(ops.calls(Query.class)).extracting(Query::what, Query::argument).containsExactly(
                org.assertj.core.groups.Tuple.tuple("schedules", Optional.empty()),
                org.assertj.core.groups.Tuple.tuple("schedules", Optional.of("orders")),
                org.assertj.core.groups.Tuple.tuple("backups", Optional.of("orders")),
                org.assertj.core.groups.Tuple.tuple("failover", Optional.of("checkout")));
        StartDrill drill = ops.calls(StartDrill.class).getFirst();
        assertThat(drill.runbookId()).isEqualTo("orders-db");
        assertThat(drill.params()).containsExactly(Map.entry("target-db", "orders_drill"));
        assertThat(drill.deliveryId()).isEqualTo("trigger-1");
        AddLesson lesson = ops.calls(AddLesson.class).getFirst();
        assertThat(lesson.runId()).isEqualTo("r-7");
        assertThat(lesson.text()).isEqualTo("the restore needed a bigger disk");
    }

    @Test
    void recoveryPracticeVerbsExplainTheirMistakes() {
        assertThat(send("backups").text()).contains("`backups` needs a SERVICE");
        assertThat(send("drill").text()).contains("`drill` needs a runbook ID");
        assertThat(send("drill orders-db restore").text()).contains("not a procedure (`restore`)");
        assertThat(send("lesson r-1").text()).contains("`lesson` needs a RUN id and the lesson text");
        assertThat(send("schedules a b").text()).contains("at most one SERVICE");
        assertThat(ops.calls()).isEmpty();
    }

    @Test
    void emptyTextAndHelpAnswerWithUsage() {
        assertThat(send("").text()).contains("/runbook run ID");
        assertThat(send("  help ").text()).contains("/runbook audit RUN");
        assertThat(ops.calls()).isEmpty();
    }

    @Test
    void malformedInputGetsASpecificUsageReplyAndDispatchesNothing() {
        assertThat(send("launch pg").text()).contains("unknown command `launch`").contains("/runbook help");
        assertThat(send("run").text()).contains("`run` needs a runbook ID");
        assertThat(send("run env=prod").text()).contains("before any k=v parameter");
        assertThat(send("run pg env=\"eu").text()).contains("quote at position 12 is never closed");
        assertThat(send("run pg a b").text()).contains("unexpected `b`");
        assertThat(send("run pg x=1 proc").text()).contains("unexpected `proc`");
        assertThat(send("run pg x=1 x=2").text()).contains("parameter `x` is given twice");
        assertThat(send("run pg =1").text()).contains("`=1` is not a k=v parameter");
        assertThat(send("status").text()).contains("`status` needs a RUN");
        assertThat(send("status r-1 r-2").text()).contains("takes one RUN, got 2 words");
        assertThat(send("list a b").text()).contains("at most one SERVICE");
        assertThat(send("reject").text()).contains("`reject` needs a RUN");
        assertThat(ops.calls()).isEmpty();
    }

    @Test
    void anOperationFailureIsAnsweredWithoutDetails() {
        RunbookOperations broken = new ThrowingOperations();
        CommandRouter failing = new CommandRouter(broken, identities);

        ChatMessage reply = failing.handle("status r-1", alice, channel, "t");

        assertThat(reply.status()).contains(ChatStatus.FAILED);
        assertThat(reply.text()).contains("failed while handling `status`").doesNotContain("db password");
    }

    @Test
    void theHomePageAndItsCancelButtonGoThroughTheOperationsAsTheIdentity() {
        router.home(alice);
        router.cancel("r-9", alice, channel);

        assertThat(ops.calls(RecordingRunbookOperations.Query.class)).extracting(q -> q.what() + " " + q.requester().identity().id())
                .contains("home alice");
        assertThat(ops.calls(RunControl.class)).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(RunControl.Kind.CANCEL);
            assertThat(c.runId()).isEqualTo("r-9");
            assertThat(c.requester().identity().id()).isEqualTo("alice");
        });
        HomePage broken = new CommandRouter(new ThrowingOperations(), identities).home(alice);
        assertThat(broken.notice()).hasValueSatisfying(n -> assertThat(n.text()).contains("could not read its runs")
                .doesNotContain("db password"));
    }

    @Test
    void buttonVotesCarryTheStepAndUnknownUsersGetTheirPlatformKey() {
        ChatUser stranger = new ChatUser("slack", "U9", "Mallory");

        router.vote(new ApprovalAction(Decision.REJECT, "r-7", "restore"), stranger, channel, CastVote.Source.BUTTON);

        CastVote vote = ops.calls(CastVote.class).getFirst();
        assertThat(vote.stepId()).contains("restore");
        assertThat(vote.decision()).isEqualTo(Decision.REJECT);
        assertThat(vote.source()).isEqualTo(CastVote.Source.BUTTON);
        assertThat(vote.voter().identity()).isEqualTo(new Identity("slack:U9", Set.of()));
    }

    /** Fails every call the way a broken database would. */
    private static final class ThrowingOperations implements RunbookOperations {
        private static ChatMessage fail() {
            throw new IllegalStateException("connection refused: db password=hunter2");
        }

        public ChatMessage list(Optional<String> service, Requester requester) { return fail(); }
        public ChatMessage show(String runbookId, Requester requester) { return fail(); }
        public ChatMessage start(StartRun command) { return fail(); }
        public ChatMessage status(String runId, Requester requester) { return fail(); }
        public ChatMessage control(RunControl command) { return fail(); }
        public ChatMessage vote(CastVote command) { return fail(); }
        public ChatMessage history(Optional<String> service, Requester requester) { return fail(); }
        public ChatMessage audit(String runId, Requester requester) { return fail(); }
        public ChatMessage schedules(Optional<String> service, Requester requester) { return fail(); }
        public ChatMessage backups(String service, Requester requester) { return fail(); }
        public ChatMessage drill(StartDrill command) { return fail(); }
        public ChatMessage lesson(AddLesson command) { return fail(); }
        public ChatMessage failover(Optional<String> service, Requester requester) { return fail(); }
        public Optional<ChatForm> form(FormPurpose purpose, Requester requester) { throw new IllegalStateException("down"); }
        public ChatMessage submit(SubmitForm command) { return fail(); }
        public ChatMessage timeline(ShowTimeline command) { return fail(); }
        public HomePage home(Requester requester) { throw new IllegalStateException("connection refused: db password=hunter2"); }
    }
}
