package dev.opsbook.runbook.internal;

import dev.opsbook.runbook.DocumentKind;
import dev.opsbook.runbook.LintPolicy;
import dev.opsbook.runbook.ParsedRunbook;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.Section;
import dev.opsbook.runbook.SourcePosition;
import dev.opsbook.runbook.Step;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The whole pipeline for one file: bytes → text → Flexmark outline → front matter and steps →
 * rules. Never throws: an unexpected failure becomes an {@code internal-error} finding.
 */
public final class RunbookReader {
    /** One linted file, with where its id was written and whether the id was derived from the path (for cross-file checks). */
    public record Result(ParsedRunbook parsed, SourcePosition idPosition, boolean derivedId) {
        public Result(ParsedRunbook parsed, SourcePosition idPosition) {
            this(parsed, idPosition, false);
        }
    }

    private RunbookReader() {}

    public static Result read(String path, byte[] content, LintPolicy policy) {
        SourceText lossy = null;
        try {
            List<FileCheck.Problem> problems = new ArrayList<>();
            Optional<String> text = FileCheck.text(path, content, policy.maxFileBytes(), problems::add);
            if (text.isEmpty()) {
                lossy = new SourceText(content.length > policy.maxFileBytes() ? "" : new String(content, StandardCharsets.UTF_8));
                Findings findings = new Findings(path, lossy);
                problems.forEach(p -> findings.at(new SourcePosition(p.line(), p.column()), p.rule(), p.message()));
                return new Result(new ParsedRunbook(path, Optional.empty(), findings.sorted()), SourcePosition.START);
            }
            lossy = new SourceText(text.get());
            return parse(path, content, lossy, policy);
        } catch (RuntimeException | StackOverflowError e) {
            Findings findings = new Findings(path, lossy == null ? new SourceText("") : lossy);
            findings.at(SourcePosition.START, Rule.INTERNAL_ERROR, "opsbook could not read this file ("
                    + e.getClass().getSimpleName() + "): please report this with the file attached");
            return new Result(new ParsedRunbook(path, Optional.empty(), findings.sorted()), SourcePosition.START);
        }
    }

    private static Result parse(String path, byte[] content, SourceText source, LintPolicy policy) {
        Findings findings = new Findings(path, source);
        Positions positions = new Positions();
        MarkdownOutline outline = MarkdownOutline.of(source.text());
        Optional<FrontMatter> frontMatter = Optional.empty();
        String body = source.text();
        boolean strict = policy.strict();
        boolean brokenFrontMatter = false;
        Optional<String> yaml = Optional.empty();
        if (outline.frontMatter().isEmpty()) {
            if (strict) {
                findings.at(SourcePosition.START, Rule.MISSING_FRONT_MATTER, "the file has no front matter: start it with "
                        + "a line '---', the runbook's YAML fields (id, title, service, owners, ...), and another '---'");
            }
        } else if (!outline.frontMatter().get().terminated()) {
            findings.atOffset(outline.frontMatter().get().start(), Rule.UNTERMINATED_FRONT_MATTER,
                    "the front matter is never closed: add a line '---' after its last field");
            if (strict) {
                return new Result(new ParsedRunbook(path, Optional.empty(), findings.sorted()), SourcePosition.START, false);
            }
            brokenFrontMatter = true;
        } else {
            MarkdownOutline.FrontMatterBlock fm = outline.frontMatter().get();
            int firstLine = source.position(fm.contentStart()).line();
            yaml = Optional.of(fm.yaml());
            frontMatter = FrontMatterReader.read(fm.yaml(), firstLine, findings, positions,
                    strict ? java.util.Set.of() : ForeignKeys.ALL);
            brokenFrontMatter = frontMatter.isEmpty();
            body = source.text().substring(Math.min(fm.end(), source.text().length()));
        }
        Adoption adoption = Adoption.of(path, yaml, outline);
        boolean runbookForm = strict || adoption.hasPolicy();
        List<Step> steps = new StepReader(findings, positions, runbookForm
                ? new StepReader.Options(adoption.runme() && !strict, strict, adoption.shell(), Optional.empty())
                : new StepReader.Options(true, false, adoption.shell(), Optional.of(cellDir(path, adoption.cwd()))))
                .read(outline);
        List<Section> sections = Sections.of(outline, steps, source);
        FrontMatter fm = frontMatter.orElse(FrontMatter.EMPTY);
        StepRules stepRules = new StepRules(findings, positions);
        stepRules.check(steps, policy.requireApprovalsForDestructive() && fm.approval().requireForDestructive(),
                policy.checkInterpreters());
        String sha = sha256(content);
        if (!runbookForm) {
            DocumentKind kind = steps.stream().anyMatch(st -> !st.attributes().isEmpty()) ? DocumentKind.RUNME : DocumentKind.DOCS_ONLY;
            if (!brokenFrontMatter) {
                if (kind == DocumentKind.DOCS_ONLY) {
                    findings.at(SourcePosition.START, Rule.DOCS_ONLY, "docs-only: add id, service and owners to make it "
                            + "runnable (opsbook lint --fix writes them)");
                } else {
                    findings.at(SourcePosition.START, Rule.RUNME_DOCUMENT, "Runme document: its cells run with 'opsbook run "
                            + path + " --step NAME'; add id, service and owners to make it a runbook (opsbook lint --fix)");
                }
            }
            Runbook rb = new Runbook(path, sha, adoption.id(), adoption.title(), adoption.service(), fm.owners(),
                    fm.approvers(), fm.runners(), fm.impact(), fm.tier(), fm.rto(), fm.rpo(), fm.dataSources(),
                    fm.dependsOn(), fm.escalation(), fm.schedules(), fm.links(), fm.parameters(), fm.secrets(),
                    fm.approval(), sections, steps, body, Optional.empty(), Optional.empty());
            return new Result(new ParsedRunbook(path, Optional.of(rb), findings.sorted(), kind), SourcePosition.START, true);
        }
        new VariableRule(findings).check(steps, fm.parameters(), fm.secrets());
        if (frontMatter.isPresent()) {
            new FrontMatterRules(findings, positions).check(fm, policy.checkLinks() ? linkBases(path, policy) : List.of());
            stepRules.checkSchedules(fm.schedules(), sections, steps);
            new DrillRules(findings, positions).check(fm, sections);
            new AlertRules(findings, positions).check(fm.alerting(), sections);
            fm.failover().ifPresent(f -> new FailoverRules(findings, positions).check(f, sections, steps, fm.parameters()));
        }
        String bodyText = body;
        boolean derived = fm.id().isEmpty() && !strict && frontMatter.isPresent();
        Optional<Runbook> runbook = frontMatter.filter(f -> !f.id().isEmpty() || derived).map(f -> new Runbook(path,
                sha, derived ? adoption.id() : f.id(), f.title().isEmpty() && derived ? adoption.title() : f.title(),
                f.service(), f.owners(), f.approvers(), f.runners(), f.impact(),
                f.tier(), f.rto(), f.rpo(), f.dataSources(), f.dependsOn(), f.escalation(), f.schedules(), f.links(),
                f.parameters(), f.secrets(), f.approval(), sections, steps, bodyText, f.drill(), f.failover(), f.alerting()));
        return new Result(new ParsedRunbook(path, runbook, findings.sorted()), positions.get("id"), derived);
    }

    /** The folder a document without policy runs its cells in: its own, or its front matter's cwd under it (Runme). */
    private static String cellDir(String path, Optional<String> cwd) {
        try {
            Path file = Path.of(path).toAbsolutePath().normalize();
            Path dir = file.getParent() == null ? Path.of("").toAbsolutePath() : file.getParent();
            return cwd.map(c -> dir.resolve(c).normalize()).orElse(dir).toString();
        } catch (InvalidPathException e) {
            return Path.of("").toAbsolutePath().toString();
        }
    }

    private static List<Path> linkBases(String path, LintPolicy policy) {
        try {
            Path file = Path.of(path).toAbsolutePath().normalize();
            Path dir = file.getParent() == null ? Path.of("").toAbsolutePath() : file.getParent();
            Path root = policy.repositoryRoot().map(p -> p.toAbsolutePath().normalize()).orElseGet(() -> repositoryRoot(dir));
            return dir.equals(root) ? List.of(dir) : List.of(dir, root);
        } catch (InvalidPathException e) {
            return List.of();
        }
    }

    private static Path repositoryRoot(Path dir) {
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git"))) {
                return p;
            }
        }
        return Path.of("").toAbsolutePath();
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
