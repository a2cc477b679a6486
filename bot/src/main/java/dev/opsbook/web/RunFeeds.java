package dev.opsbook.web;

import dev.opsbook.execution.ExecutionEvent;
import dev.opsbook.execution.ExecutionListener;
import dev.opsbook.jdbc.JdbcRunOutput;
import dev.opsbook.jdbc.JdbcRunOutput.StoredLine;
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
 * ({@code {step, text}}, already redacted by the engine) and {@code state} (the {@link RunView}). For a run this
 * process drives, lines go from memory to its pages as they come. For any other run — driven by another replica —
 * the page gets the lines the driving process shared through {@link JdbcRunOutput} (at most 200 ms late), tailed
 * every {@code linePoll}, in order; runs from before that table fall back to the steps' log files. States come from
 * the run store, polled every {@code statePoll} for each open page; a final state ends the stream after its last lines.
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
    private final JdbcRunOutput output;
    private final long statesEvery;
    private long ticks;

    /** An open page: {@code seq} is the last shared line sent, for pages that tail the database ({@code shared}). */
    private static final class Watcher {
        final String runId;
        final SseEmitter emitter;
        final Supplier<Map<String, Object>> state;
        final boolean shared;
        String last;
        long seq;

        Watcher(String runId, SseEmitter emitter, Supplier<Map<String, Object>> state, boolean shared, String last, long seq) {
            this.runId = runId;
            this.emitter = emitter;
            this.state = state;
            this.shared = shared;
            this.last = last;
            this.seq = seq;
        }
    }

    RunFeeds(Path runsDir, JdbcRunOutput output, ScheduledExecutorService scheduler, Duration statePoll, Duration linePoll) {
        this.runsDir = runsDir;
        this.output = output;
        this.statesEvery = Math.max(1, statePoll.toMillis() / linePoll.toMillis());
        scheduler.scheduleWithFixedDelay(this::poll, linePoll.toMillis(), linePoll.toMillis(), TimeUnit.MILLISECONDS);
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
        long seq = 0;
        if (feed != null) {
            synchronized (feed) {
                feed.lines.forEach(l -> send(emitter, "line", l));
                feed.emitters.add(emitter);
            }
        } else {
            List<StoredLine> shared = shared(runId);
            if (shared.isEmpty() && Boolean.TRUE.equals(now.get("final"))) {
                fromLogs(runId, stepOrder).forEach(l -> send(emitter, "line", l));
            }
            for (StoredLine l : shared) {
                send(emitter, "line", new Line(l.stepId(), l.text()));
                seq = l.seq();
            }
        }
        String json = Json.write(now);
        sendRaw(emitter, "state", json);
        if (Boolean.TRUE.equals(now.get("final"))) {
            emitter.complete();
            return emitter;
        }
        Watcher w = new Watcher(runId, emitter, state, feed == null, json, seq);
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

    private synchronized void poll() {
        boolean states = ticks++ % statesEvery == 0;
        for (Watcher w : watchers) {
            try {
                if (w.shared && !tail(w)) {
                    watchers.remove(w);
                    continue;
                }
                if (states) {
                    pollState(w);
                }
            } catch (RuntimeException e) {
                LOG.debug("run page stream of {} ended: {}", w.runId, e.toString());
                watchers.remove(w);
            }
        }
    }

    private void pollState(Watcher w) {
        Map<String, Object> now = w.state.get();
        String json = Json.write(now);
        boolean last = Boolean.TRUE.equals(now.get("final"));
        if (last && w.shared) {
            tail(w); // the driving process stored a step's lines before its result, so these are the last ones
        }
        if (!Objects.equals(json, w.last)) {
            w.last = json;
            sendRaw(w.emitter, "state", json);
        }
        if (last) {
            watchers.remove(w);
            w.emitter.complete();
        }
    }

    /** Sends the shared lines after the watcher's last; false when the page is gone. */
    private boolean tail(Watcher w) {
        List<StoredLine> lines;
        do {
            try {
                lines = output.after(w.runId, w.seq, 1_000);
            } catch (RuntimeException e) {
                LOG.debug("cannot read the shared output of {} now: {}", w.runId, e.toString());
                return true;
            }
            for (StoredLine l : lines) {
                if (!send(w.emitter, "line", new Line(l.stepId(), l.text()))) {
                    return false;
                }
                w.seq = l.seq();
            }
        } while (lines.size() == 1_000);
        return true;
    }

    private List<StoredLine> shared(String runId) {
        try {
            return output.last(runId, LINES_KEPT);
        } catch (RuntimeException e) {
            LOG.warn("cannot read the shared output of run {}: {}", runId, e.getMessage());
            return List.of();
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
        Object payload = data;
        if (data instanceof Line l) {
            Map<String, Object> line = new java.util.LinkedHashMap<>();
            line.put("step", l.step());
            line.put("text", l.text());
            payload = line;
        }
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
