package dev.opsbook.testing;

import dev.opsbook.execution.ExecutionEvent;
import dev.opsbook.execution.ExecutionListener;
import java.util.ArrayList;
import java.util.List;

/** Captures execution events. */
public final class RecordingListener implements ExecutionListener {
    private final List<ExecutionEvent> events = new ArrayList<>();

    @Override
    public synchronized void on(ExecutionEvent event) {
        events.add(event);
    }

    public synchronized List<ExecutionEvent> events() {
        return List.copyOf(events);
    }

    public synchronized <T extends ExecutionEvent> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Output lines of all steps, in order. */
    public synchronized List<String> output() {
        return of(ExecutionEvent.StepOutput.class).stream().map(e -> e.line().text()).toList();
    }
}
