package dev.opsbook.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.socket_mode.SocketModeClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/** Connects to Slack over Socket Mode (Java-WebSocket) while the server runs: no public URL needed. */
final class SlackSocketMode implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(SlackSocketMode.class);

    private final String appToken;
    private final App app;
    private SocketModeApp socket;

    SlackSocketMode(String appToken, App app) {
        this.appToken = appToken;
        this.app = app;
    }

    @Override
    public synchronized void start() {
        try {
            socket = new SocketModeApp(appToken, app, SocketModeClient.Backend.JavaWebSocket);
            socket.startAsync();
            LOG.info("Slack adapter connecting over Socket Mode");
        } catch (Exception e) {
            LOG.error("Slack Socket Mode could not start (check SLACK_APP_TOKEN, an xapp- token with"
                    + " connections:write): {}", e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (socket != null) {
            try {
                socket.close();
            } catch (Exception e) {
                LOG.warn("closing Slack Socket Mode failed: {}", e.toString());
            }
            socket = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return socket != null;
    }
}
