package dev.opsbook.runbook.internal;

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
    /** One linted file, with where its id was written (for cross-file checks). */
    public record Result(ParsedRunbook parsed, SourcePosition idPosition) {}

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
        if (outline.frontMatter().isEmpty()) {
            findings.at(SourcePosition.START, Rule.MISSING_FRONT_MATTER, "the file has no front matter: start it with "
                    + "a line '---', the runbook's YAML fields (id, title, service, owners, ...), and another '---'");
        } else if (!outline.frontMatter().get().terminated()) {
            findings.atOffset(outline.frontMatter().get().start(), Rule.UNTERMINATED_FRONT_MATTER,
                    "the front matter is never closed: add a line '---' after its last field");
            return new Result(new ParsedRunbook(path, Optional.empty(), findings.sorted()), SourcePosition.START);
        } else {
            MarkdownOutline.FrontMatterBlock fm = outline.frontMatter().get();
            int firstLine = source.position(fm.contentStart()).line();
            frontMatter = FrontMatterReader.read(fm.yaml(), firstLine, findings, positions);
            body = source.text().substring(Math.min(fm.end(), source.text().length()));
        }
        List<Step> steps = new StepReader(findings, positions).read(outline);
        List<Section> sections = Sections.of(outline, steps, source);
        FrontMatter fm = frontMatter.orElse(FrontMatter.EMPTY);
        StepRules stepRules = new StepRules(findings, positions);
        stepRules.check(steps, policy.requireApprovalsForDestructive() && fm.approval().requireForDestructive(),
                policy.checkInterpreters());
        new VariableRule(findings).check(steps, fm.parameters(), fm.secrets());
        if (frontMatter.isPresent()) {
            new FrontMatterRules(findings, positions).check(fm, policy.checkLinks() ? linkBases(path, policy) : List.of());
            stepRules.checkSchedules(fm.schedules(), sections, steps);
            new DrillRules(findings, positions).check(fm, sections);
            new AlertRules(findings, positions).check(fm.alerting(), sections);
            fm.failover().ifPresent(f -> new FailoverRules(findings, positions).check(f, sections, steps, fm.parameters()));
        }
        String bodyText = body;
        Optional<Runbook> runbook = frontMatter.filter(f -> !f.id().isEmpty()).map(f -> new Runbook(path,
                sha256(content), f.id(), f.title(), f.service(), f.owners(), f.approvers(), f.runners(), f.impact(),
                f.tier(), f.rto(), f.rpo(), f.dataSources(), f.dependsOn(), f.escalation(), f.schedules(), f.links(),
                f.parameters(), f.secrets(), f.approval(), sections, steps, bodyText, f.drill(), f.failover(), f.alerting()));
        return new Result(new ParsedRunbook(path, runbook, findings.sorted()), positions.get("id"));
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
