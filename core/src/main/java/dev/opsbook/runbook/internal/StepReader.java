package dev.opsbook.runbook.internal;

import dev.opsbook.runbook.Durations;
import dev.opsbook.runbook.Step;
import dev.opsbook.runbook.StepKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns fenced code blocks with attributes into {@link Step}s. Blocks without attributes are
 * documentation. Steps without an id, or repeating an earlier id, are reported and left out.
 */
public final class StepReader {
    public static final Set<String> ATTRIBUTES = Set.of("id", "kind", "timeout", "retries", "approvals",
            "idempotent", "confirm", "rollback", "requires", "interpreter", "cwd", "secrets", "runner", "image");
    /** Keys Runme writes; kept as attributes without findings in Runme-form blocks. */
    public static final Set<String> RUNME_KEYS = Set.of("name", "interactive", "background", "closeTerminalOnSuccess",
            "promptEnv", "cwd", "mimeType", "excludeFromRunAll", "category", "terminalRows", "id", "interpreter",
            "skipPrompts", "tag");
    /** The interpreter used for a language when the block names none. */
    public static final Map<String, String> DEFAULT_INTERPRETERS = Map.of(
            "bash", "bash", "sh", "bash", "shell", "bash", "python", "python3", "python3", "python3", "sql", "psql");
    /** Languages of shell cells: in a document without opsbook policy each such block is a step, as in Runme. */
    public static final Set<String> SHELL_LANGUAGES = Set.of("bash", "sh", "shell", "zsh");
    private static final Set<String> RUNNERS = Set.of("local", "kubernetes");

    /**
     * How blocks become steps.
     *
     * @param cells every shell block without attributes is a step too (a Runme cell), named as Runme names it
     * @param strict a Runme-form block without a name is a {@code missing-step-id} error instead of named as Runme does
     * @param shell the interpreter of shell cells that name none (Runme's front matter {@code shell})
     * @param cellDir where cells run when they name no absolute {@code cwd} (documents without opsbook policy run
     *     in their own folder, as in Runme); empty: the run's work directory
     */
    public record Options(boolean cells, boolean strict, Optional<String> shell, Optional<String> cellDir) {
        public static final Options RUNBOOK = new Options(false, false, Optional.empty(), Optional.empty());
    }

    private final Findings findings;
    private final Positions positions;
    private final Options options;

    public StepReader(Findings findings, Positions positions) {
        this(findings, positions, Options.RUNBOOK);
    }

    public StepReader(Findings findings, Positions positions, Options options) {
        this.findings = findings;
        this.positions = positions;
        this.options = options;
    }

    public List<Step> read(MarkdownOutline outline) {
        List<Step> steps = new ArrayList<>();
        Map<String, Step> byId = new LinkedHashMap<>();
        int headingIndex = 0;
        String section = "";
        RunmeNames names = new RunmeNames();
        for (MarkdownOutline.Fence fence : outline.fences()) {
            while (headingIndex < outline.headings().size()
                    && outline.headings().get(headingIndex).offset() < fence.offset()) {
                section = outline.headings().get(headingIndex++).title();
            }
            if (!fence.closed()) {
                findings.atOffset(fence.offset(), Rule.UNTERMINATED_FENCE,
                        "this code block is never closed: add a line with the same fence (``` or ~~~) after its code");
            }
            InfoString info = InfoString.parse(fence.info());
            String runmeName = names.next(info.attributes().stream().filter(a -> a.key().equals("name"))
                    .map(a -> a.value().strip()).findFirst().orElse(""), fence.code());
            Optional<Step> step;
            if (info.form() == InfoString.Form.NONE || onlyClasses(info)) {
                if (!options.cells() || !SHELL_LANGUAGES.contains(info.language())) {
                    continue;
                }
                step = Optional.of(cell(fence, info.language(), section, runmeName));
            } else {
                info.problem().ifPresent(p -> findings.atOffset(fence.infoOffset() + p.offset(), Rule.BAD_ATTRIBUTES, p.message()));
                step = step(fence, info, section, runmeName);
            }
            if (step.isEmpty()) {
                continue;
            }
            Step previous = byId.putIfAbsent(step.get().id(), step.get());
            if (previous != null) {
                findings.at(step.get().position(), Rule.DUPLICATE_STEP_ID, "step id '" + step.get().id()
                        + "' is already used by the step at line " + previous.position().line()
                        + ": step ids must be unique in a runbook, rename one");
                continue;
            }
            steps.add(step.get());
        }
        return steps;
    }

    /** A shell block without attributes in a document without opsbook policy: a step, as Runme runs it. */
    private Step cell(MarkdownOutline.Fence fence, String language, String section, String runmeName) {
        String id = runmeName.isEmpty() ? "cell-" + findings.source().position(fence.offset()).line() : runmeName;
        positions.put("steps/" + id, findings.source().position(fence.offset()));
        String interpreter = options.shell().orElse(language.equals("zsh") ? "zsh" : "bash");
        return new Step(id, StepKind.SHELL, language, interpreter, RunmeNames.withoutPrompts(fence.code()),
                Optional.empty(), 0, 0, false, Optional.empty(), Optional.empty(), List.of(), options.cellDir(), List.of(),
                section, Map.of(), findings.source().position(fence.offset()));
    }

    private Optional<String> cwd(Optional<String> own) {
        if (options.cellDir().isEmpty()) {
            return own;
        }
        return Optional.of(own.map(c -> java.nio.file.Path.of(options.cellDir().get()).resolve(c).normalize().toString())
                .orElse(options.cellDir().get()));
    }

    private Optional<Step> step(MarkdownOutline.Fence fence, InfoString info, String section, String runmeName) {
        boolean runme = isRunme(info);
        Map<String, InfoString.Attribute> attrs = new LinkedHashMap<>();
        for (InfoString.Attribute a : info.attributes()) {
            if (a.key().startsWith(".")) {
                continue;
            }
            attrs.putIfAbsent(a.key(), a);
            if (!runme && !ATTRIBUTES.contains(a.key())) {
                findings.atOffset(fence.infoOffset() + a.offset(), Rule.UNKNOWN_ATTRIBUTE, "unknown attribute '"
                        + a.key() + "'" + YamlTree.nearest(a.key(), ATTRIBUTES).map(s -> ": did you mean '" + s + "'?")
                        .orElse(": known attributes are " + String.join(", ", ATTRIBUTES.stream().sorted().toList())));
            }
        }
        String idKey = runme ? "name" : "id";
        String id = Optional.ofNullable(attrs.get(idKey)).map(InfoString.Attribute::value).orElse("").strip();
        if (id.isEmpty() && runme && !options.strict()) {
            id = runmeName.isEmpty() ? "cell-" + findings.source().position(fence.offset()).line() : runmeName;
        }
        if (id.isEmpty()) {
            findings.atOffset(fence.infoOffset(), Rule.MISSING_STEP_ID, "this block has attributes but no step id: add "
                    + (info.form() == InfoString.Form.RUNME_JSON ? "\"name\":\"some-id\"" : runme ? "name=some-id" : "#some-id") + " to its attributes (or remove the attributes "
                    + "to keep it as documentation)");
            return Optional.empty();
        }
        String path = "steps/" + id;
        positions.put(path, findings.source().position(fence.offset()));
        attrs.values().forEach(a -> positions.put(path + "/" + a.key(),
                findings.source().position(fence.infoOffset() + a.valueOffset())));
        Values v = new Values(attrs, path);
        StepKind kind = v.text("kind").map(k -> StepKind.parse(k).orElseGet(() -> {
            v.bad("kind", "kind '" + k + "' is not a step kind: use one of backup, restore, validate, failover, "
                    + "rollback, check, shell");
            return StepKind.SHELL;
        })).orElse(StepKind.SHELL);
        Optional<Duration> timeout = v.text("timeout").flatMap(t -> {
            Optional<Duration> d = Durations.parse(t);
            if (d.isEmpty()) {
                findings.at(positions.get(path + "/timeout"), Rule.BAD_DURATION, YamlTree.badDuration("timeout", t));
            }
            return d;
        });
        v.text("runner").filter(r -> !RUNNERS.contains(r)).ifPresent(r ->
                v.bad("runner", "runner '" + r + "' is not known: use local or kubernetes"));
        String language = info.language();
        String interpreter = v.text("interpreter").or(() -> SHELL_LANGUAGES.contains(language) ? options.shell() : Optional.empty())
                .orElse(DEFAULT_INTERPRETERS.getOrDefault(language, ""));
        Map<String, String> kept = new LinkedHashMap<>();
        attrs.values().forEach(a -> kept.put(a.key(), a.value()));
        String code = runme ? RunmeNames.withoutPrompts(fence.code()) : fence.code();
        return Optional.of(new Step(id, kind, language, interpreter, code, timeout,
                v.count("retries"), v.count("approvals"), v.bool("idempotent"), v.text("confirm"), v.text("rollback"),
                v.list("requires"), cwd(v.text("cwd")), v.list("secrets"), section, kept,
                findings.source().position(fence.offset())));
    }

    /** Pandoc-style classes ({@code {.numberLines}}) alone do not make a step; they are ignored. */
    private static boolean onlyClasses(InfoString info) {
        return !info.attributes().isEmpty() && info.attributes().stream().allMatch(a -> a.key().startsWith("."));
    }

    /**
     * Runme's JSON form, or attributes without {@code #id} that use a key only Runme knows
     * ({@code name}, {@code interactive}, ...). {@code #id} always marks the opsbook form.
     */
    private static boolean isRunme(InfoString info) {
        if (info.form() == InfoString.Form.RUNME_JSON || info.form() == InfoString.Form.RUNME) {
            return true;
        }
        boolean hashId = info.attributes().stream().anyMatch(a -> a.key().equals("id") && a.offset() != a.valueOffset()
                && a.valueOffset() == a.offset() + 1);
        return !hashId && info.attributes().stream().anyMatch(a -> RUNME_KEYS.contains(a.key()) && !ATTRIBUTES.contains(a.key()));
    }

    private final class Values {
        private final Map<String, InfoString.Attribute> attrs;
        private final String path;

        Values(Map<String, InfoString.Attribute> attrs, String path) {
            this.attrs = attrs;
            this.path = path;
        }

        Optional<String> text(String key) {
            return Optional.ofNullable(attrs.get(key)).map(a -> a.value().strip());
        }

        List<String> list(String key) {
            return text(key).map(t -> Arrays.stream(t.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList())
                    .orElse(List.of());
        }

        int count(String key) {
            Optional<String> t = text(key);
            if (t.isEmpty()) {
                return 0;
            }
            if (t.get().matches("\\d{1,4}")) {
                return Integer.parseInt(t.get());
            }
            bad(key, key + " \"" + t.get() + "\" is not a count: use a whole number such as 0, 1 or 2");
            return 0;
        }

        boolean bool(String key) {
            Optional<String> t = text(key);
            if (t.isEmpty() || t.get().equals("false")) {
                return false;
            }
            if (t.get().equals("true")) {
                return true;
            }
            bad(key, key + " \"" + t.get() + "\" must be true or false");
            return false;
        }

        void bad(String key, String message) {
            findings.at(positions.get(path + "/" + key), Rule.BAD_VALUE, message);
        }
    }
}
