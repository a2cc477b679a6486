package dev.opsbook.web;

import dev.opsbook.execution.ExecutionEvent;
import dev.opsbook.execution.ExecutionListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live output and state of runs for run pages, as server-sent events: {@code reset} (start over), {@code line}
 * ({@code {step, text}}, already redacted by the engine) and {@code state} (the {@link RunView}). A page opened
 * mid-run first gets the lines so far — from memory for runs this process drives, else from the steps' log files —
 * then live lines. States come from the run store, polled every {@code poll} for each open page, so a run driven by
 * another replica shows its recorded progress too (its output lines only reach pages on the replica that runs it).
 */
final class RunFeeds implements ExecutionListener {
    private static final Logger LOG = LoggerFactory.getLogger(RunFeeds.class);
    private static final int LINES_KEPT = 5_000;

    private record Line(String step, String text) {}

    private static final class Feed {
        final List<Line> lines = new ArrayList<>();
        final List<SseEmitter> emitters = new ArrayList<>();
    }

    private final Map<String, Feed> live = new ConcurrentHashMap<>();
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
    private final Path runsDir;

    private record Watcher(String runId, SseEmitter emitter, Supplier<Map<String, Object>> state, String[] last) {}

    RunFeeds(Path runsDir, ScheduledExecutorService scheduler, Duration poll) {
        this.runsDir = runsDir;
        scheduler.scheduleWithFixedDelay(this::pollStates, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void on(ExecutionEvent event) {
        String id = event.run().id().value();
        switch (event) {
            case ExecutionEvent.RunStarted e -> live.putIfAbsent(id, new Feed());
            case ExecutionEvent.StepOutput e -> {
                Feed feed = live.computeIfAbsent(id, k -> new Feed());
                Line line = new Line(e.step().id(), e.line().text());
                synchronized (feed) {
                    if (feed.lines.size() == LINES_KEPT) {
                        feed.lines.removeFirst();
                    }
                    feed.lines.add(line);
                    feed.emitters.removeIf(emitter -> !send(emitter, "line", line));
                }
            }
            case ExecutionEvent.RunFinished e -> live.remove(id);
            default -> { }
        }
    }

    /** A stream for run {@code runId}: backlog, then live lines and state changes until the run is final. */
    SseEmitter subscribe(String runId, List<String> stepOrder, Supplier<Map<String, Object>> state) {
        SseEmitter emitter = new SseEmitter(Duration.ofMinutes(30).toMillis());
        Map<String, Object> now = state.get();
        send(emitter, "reset", Map.of());
        Feed feed = live.get(runId);
        if (feed != null) {
            synchronized (feed) {
                feed.lines.forEach(l -> send(emitter, "line", l));
                feed.emitters.add(emitter);
            }
        } else {
            fromLogs(runId, stepOrder).forEach(l -> send(emitter, "line", l));
        }
        String json = Json.write(now);
        sendRaw(emitter, "state", json);
        if (Boolean.TRUE.equals(now.get("final"))) {
            emitter.complete();
            return emitter;
        }
        Watcher w = new Watcher(runId, emitter, state, new String[] {json});
        watchers.add(w);
        Runnable gone = () -> {
            watchers.remove(w);
            if (feed != null) {
                synchronized (feed) {
                    feed.emitters.remove(emitter);
                }
            }
        };
        emitter.onCompletion(gone);
        emitter.onTimeout(gone);
        emitter.onError(t -> gone.run());
        return emitter;
    }

    private void pollStates() {
        for (Watcher w : watchers) {
            try {
                Map<String, Object> now = w.state().get();
                String json = Json.write(now);
                if (!Objects.equals(json, w.last()[0])) {
                    w.last()[0] = json;
                    sendRaw(w.emitter(), "state", json);
                }
                if (Boolean.TRUE.equals(now.get("final"))) {
                    watchers.remove(w);
                    w.emitter().complete();
                }
            } catch (RuntimeException e) {
                LOG.debug("run page stream of {} ended: {}", w.runId(), e.toString());
                watchers.remove(w);
            }
        }
    }

    private List<Line> fromLogs(String runId, List<String> stepOrder) {
        List<Line> lines = new ArrayList<>();
        for (String step : stepOrder) {
            Path log = runsDir.resolve(runId).resolve("logs").resolve(step.replaceAll("[^A-Za-z0-9._-]", "_") + ".log");
            try {
                if (Files.isRegularFile(log)) {
                    Files.readAllLines(log, StandardCharsets.UTF_8).stream().skip(Math.max(0, lineCount(log) - LINES_KEPT))
                            .forEach(t -> lines.add(new Line(step, t)));
                }
            } catch (IOException e) {
                lines.add(new Line(step, "[opsbook: cannot read this step's log: " + e.getMessage() + "]"));
            }
        }
        return lines;
    }

    private static long lineCount(Path log) throws IOException {
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.count();
        }
    }

    private static boolean send(SseEmitter emitter, String name, Object data) {
        Object payload = data instanceof Line l ? Map.of("step", l.step(), "text", l.text()) : data;
        return sendRaw(emitter, name, Json.write(payload));
    }

    private static boolean sendRaw(SseEmitter emitter, String name, String json) {
        try {
            emitter.send(SseEmitter.event().name(name).data(json));
            return true;
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }
}
