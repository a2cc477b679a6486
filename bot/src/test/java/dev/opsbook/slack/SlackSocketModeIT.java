package dev.opsbook.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import dev.opsbook.chat.CommandRouter;
import dev.opsbook.chat.ConfiguredIdentityDirectory;
import dev.opsbook.chat.InMemoryApprovalMessageIndex;
import dev.opsbook.chat.InMemorySeenDeliveries;
import dev.opsbook.chat.StartRun;
import dev.opsbook.testing.RecordingRunbookOperations;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Socket Mode end to end without Slack: apps.connections.open (fake Web API) hands out the address
 * of a local WebSocket server playing Slack's side; it delivers a slash command envelope and
 * expects the envelope to be acknowledged and the command dispatched once, even when redelivered.
 */
class SlackSocketModeIT {
    private final FakeSlackApi api = FakeSlackApi.start();
    private final FakeSocketServer socket = new FakeSocketServer();
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private SlackSocketMode mode;

    /** Slack's end of the socket: greets, then records what the client sends. */
    static final class FakeSocketServer extends WebSocketServer {
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final CountDownLatch connected = new CountDownLatch(1);
        final CountDownLatch listening = new CountDownLatch(1);
        volatile WebSocket client;

        FakeSocketServer() {
            super(new InetSocketAddress("127.0.0.1", 0));
            setReuseAddr(true);
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            client = conn;
            conn.send("{\"type\":\"hello\",\"num_connections\":1,\"debug_info\":{\"host\":\"fake\"},"
                    + "\"connection_info\":{\"app_id\":\"A1\"}}");
            connected.countDown();
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {}

        @Override
        public void onMessage(WebSocket conn, String message) {
            received.add(message);
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {}

        @Override
        public void onStart() {
            listening.countDown();
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (mode != null) {
            mode.stop();
        }
        socket.stop(1000);
        api.close();
        executor.shutdownNow();
    }

    @Test
    void aSlashCommandOverSocketModeIsAcknowledgedAndDispatchedOnce() throws Exception {
        socket.start();
        assertThat(socket.listening.await(10, TimeUnit.SECONDS)).as("fake Slack socket listening").isTrue();
        api.socketModeUrl("ws://127.0.0.1:" + socket.getPort() + "/");
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(api.apiUrl());
        RecordingRunbookOperations ops = new RecordingRunbookOperations();
        Slack slack = Slack.getInstance(config);
        App app = SlackBolt.app(slack, "xoxb-test",
                new CommandRouter(ops, new ConfiguredIdentityDirectory(Map.of(), Map.of())),
                new InMemorySeenDeliveries(Clock.systemUTC(), Duration.ofMinutes(15), 100),
                new InMemoryApprovalMessageIndex(10), executor,
                new SlackDisplayNames(slack.methods("xoxb-test"), Clock.systemUTC(), Duration.ofHours(1)));
        mode = new SlackSocketMode("xapp-test", app);

        mode.start();
        assertThat(socket.connected.await(20, TimeUnit.SECONDS)).as("client connected").isTrue();
        String envelope = """
                {"envelope_id":"env-1","type":"slash_commands","accepts_response_payload":true,
                 "payload":{"token":"x","team_id":"T1","team_domain":"t","channel_id":"C1","channel_name":"ops",
                  "user_id":"U1","user_name":"alice","command":"/runbook","text":"run pg-restore env=prod",
                  "api_app_id":"A1","response_url":"%s/respond/sm-1","trigger_id":"trig-sm-1"}}
                """.formatted(api.url());
        socket.client.send(envelope);
        socket.client.send(envelope.replace("env-1", "env-2"));

        String ack = socket.received.poll(20, TimeUnit.SECONDS);
        assertThat(ack).contains("\"envelope_id\":\"env-1\"");
        assertThat(socket.received.poll(20, TimeUnit.SECONDS)).contains("\"envelope_id\":\"env-2\"");
        api.await("respond", c -> c.body().contains("started pg-restore"), 1, 20_000);
        List<StartRun> starts = ops.calls(StartRun.class);
        assertThat(starts).hasSize(1);
        assertThat(starts.getFirst().params()).containsEntry("env", "prod");
        assertThat(api.calls("apps.connections.open")).isNotEmpty();
    }

}
