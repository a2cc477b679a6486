package dev.opsbook.testing;

import dev.opsbook.runbook.SourcePosition;
import dev.opsbook.runbook.Step;
import dev.opsbook.runbook.StepKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds one {@link Step} with every knob the execution engine reads. */
public final class StepFixture {
    private static int line = 100;
    private final String id;
    private StepKind kind = StepKind.SHELL;
    private String interpreter = "bash";
    private String code = "true";
    private Optional<Duration> timeout = Optional.of(Duration.ofSeconds(30));
    private int retries;
    private int approvals;
    private boolean idempotent;
    private Optional<String> rollback = Optional.empty();
    private Optional<String> confirm = Optional.empty();
    private final List<String> requires = new ArrayList<>();
    private final List<String> secrets = new ArrayList<>();
    private String section = "Procedure";

    private StepFixture(String id) {
        this.id = id;
    }

    public static StepFixture step(String id) {
        return new StepFixture(id);
    }

    public StepFixture kind(StepKind k) { kind = k; return this; }
    public StepFixture interpreter(String i) { interpreter = i; return this; }
    public StepFixture code(String c) { code = c; return this; }
    public StepFixture timeout(Duration d) { timeout = Optional.of(d); return this; }
    public StepFixture retries(int n) { retries = n; return this; }
    public StepFixture approvals(int n) { approvals = n; return this; }
    public StepFixture idempotent() { idempotent = true; return this; }
    public StepFixture rollback(String stepId) { rollback = Optional.of(stepId); return this; }
    public StepFixture confirm(String text) { confirm = Optional.of(text); return this; }
    public StepFixture requires(String... ids) { requires.addAll(List.of(ids)); return this; }
    public StepFixture secrets(String... names) { secrets.addAll(List.of(names)); return this; }
    public StepFixture section(String s) { section = s; return this; }

    public Step build() {
        return new Step(id, kind, "bash", interpreter, code, timeout, retries, approvals, idempotent, confirm,
                rollback, requires, Optional.empty(), secrets, section, Map.of("id", id), new SourcePosition(line++, 1));
    }
}
