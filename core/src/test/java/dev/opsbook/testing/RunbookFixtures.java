package dev.opsbook.testing;

import dev.opsbook.runbook.ApprovalSettings;
import dev.opsbook.runbook.DataSource;
import dev.opsbook.runbook.EscalationLevel;
import dev.opsbook.runbook.Link;
import dev.opsbook.runbook.Owners;
import dev.opsbook.runbook.Parameter;
import dev.opsbook.runbook.ParameterType;
import dev.opsbook.runbook.Person;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.Schedule;
import dev.opsbook.runbook.Section;
import dev.opsbook.runbook.SourcePosition;
import dev.opsbook.runbook.Step;
import dev.opsbook.runbook.StepKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds runbook models in tests without going through Markdown. */
public final class RunbookFixtures {
    private String id = "demo";
    private String service = "demo-db";
    private String tier = "1";
    private Owners owners = new Owners("team-demo", List.of(Person.of("alice")));
    private final List<Person> approvers = new ArrayList<>(List.of(Person.of("bob"), Person.of("carol")));
    private final List<Person> runners = new ArrayList<>();
    private Optional<Duration> rto = Optional.of(Duration.ofMinutes(30));
    private Optional<Duration> rpo = Optional.of(Duration.ofHours(1));
    private final List<DataSource> dataSources = new ArrayList<>();
    private final List<String> dependsOn = new ArrayList<>();
    private final List<Parameter> parameters = new ArrayList<>();
    private final List<String> secrets = new ArrayList<>();
    private ApprovalSettings approval = ApprovalSettings.DEFAULTS;
    private final Map<String, List<Step>> sections = new LinkedHashMap<>();
    private int line = 20;
    private String title;
    private String body = "";
    private String impact = "";
    private final List<EscalationLevel> escalation = new ArrayList<>();
    private final List<Schedule> schedules = new ArrayList<>();
    private final List<Link> links = new ArrayList<>();

    public static RunbookFixtures runbook(String id) {
        RunbookFixtures f = new RunbookFixtures();
        f.id = id;
        return f;
    }

    public RunbookFixtures service(String service) { this.service = service; return this; }
    public RunbookFixtures tier(String tier) { this.tier = tier; return this; }
    public RunbookFixtures owners(Owners owners) { this.owners = owners; return this; }
    public RunbookFixtures approvers(String... ids) { approvers.clear(); for (String a : ids) approvers.add(Person.of(a)); return this; }
    public RunbookFixtures runners(String... ids) { for (String r : ids) runners.add(Person.of(r)); return this; }
    public RunbookFixtures rto(Duration d) { rto = Optional.ofNullable(d); return this; }
    public RunbookFixtures rpo(Duration d) { rpo = Optional.ofNullable(d); return this; }
    public RunbookFixtures dataSource(DataSource ds) { dataSources.add(ds); return this; }
    public RunbookFixtures dependsOn(String... services) { dependsOn.addAll(List.of(services)); return this; }
    public RunbookFixtures secret(String name) { secrets.add(name); return this; }
    public RunbookFixtures approval(ApprovalSettings settings) { approval = settings; return this; }
    public RunbookFixtures title(String title) { this.title = title; return this; }
    /** The Markdown body (front matter optional); step blocks in it are matched to steps by id. */
    public RunbookFixtures body(String markdown) { this.body = markdown; return this; }
    public RunbookFixtures impact(String impact) { this.impact = impact; return this; }
    public RunbookFixtures escalation(String who, Duration after) { escalation.add(new EscalationLevel(Person.of(who), after)); return this; }
    public RunbookFixtures schedule(String cron, String zone, String target) { schedules.add(new Schedule(cron, zone, target, new SourcePosition(3, 1))); return this; }
    public RunbookFixtures link(String title, String target) { links.add(new Link(title, target, new SourcePosition(4, 1))); return this; }

    /** A data source of {@code type} backed up every {@code backup} (null for none), encrypted, retained 30 days. */
    public static DataSource dataSource(String name, String type, Duration backup) {
        return new DataSource(name, type, "postgres://db.internal/" + name, List.of("prod", "staging"), "confidential",
                new DataSource.Encryption("aes-256", "tls1.3", "kms://keys/" + name), Optional.ofNullable(backup), "30d",
                new SourcePosition(6, 3));
    }

    public RunbookFixtures parameter(String name, ParameterType type, String defaultValue, boolean secret) {
        parameters.add(new Parameter(name, type, Optional.empty(), Optional.ofNullable(defaultValue),
                defaultValue == null, secret, List.of(), "", new SourcePosition(5, 3)));
        return this;
    }

    /** Adds a step under {@code section}; kind, code and approvals are the usual knobs. */
    public RunbookFixtures step(String section, String stepId, StepKind kind, String code, int approvals) {
        return step(new Step(stepId, kind, "bash", "bash", code, Optional.of(Duration.ofMinutes(1)), 0,
                approvals, false, Optional.empty(), Optional.empty(), List.of(), Optional.empty(), List.of(),
                section, Map.of("id", stepId, "kind", kind.label()), new SourcePosition(line++, 1)));
    }

    public RunbookFixtures step(Step step) {
        sections.computeIfAbsent(step.section(), k -> new ArrayList<>()).add(step);
        return this;
    }

    public Runbook build() {
        List<Section> built = new ArrayList<>();
        List<Step> all = new ArrayList<>();
        int heading = 10;
        for (Map.Entry<String, List<Step>> e : sections.entrySet()) {
            built.add(new Section(e.getKey(), e.getKey().toLowerCase().replace(' ', '-'), 2, e.getValue(),
                    new SourcePosition(heading++, 1)));
            all.addAll(e.getValue());
        }
        return new Runbook("runbooks/" + id + ".md", "0".repeat(64), id, title != null ? title : id + " runbook", service,
                owners, approvers, runners, impact, tier, rto, rpo, dataSources, dependsOn, escalation, schedules, links,
                parameters, secrets, approval, built, all, body);
    }
}
