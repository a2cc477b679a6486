package dev.opsbook.runbook;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A parsed runbook: front matter plus the steps found in its Markdown body. Immutable; every
 * element keeps the position it was read from. {@code path} is the file as the user named it,
 * {@code sha256} the hex digest of its bytes; {@code failover} the controller policy, when it has one.
 */
public record Runbook(
        String path,
        String sha256,
        String id,
        String title,
        String service,
        Owners owners,
        List<Person> approvers,
        List<Person> runners,
        String impact,
        String tier,
        Optional<Duration> rto,
        Optional<Duration> rpo,
        List<DataSource> dataSources,
        List<String> dependsOn,
        List<EscalationLevel> escalation,
        List<Schedule> schedules,
        List<Link> links,
        List<Parameter> parameters,
        List<String> secrets,
        ApprovalSettings approval,
        List<Section> sections,
        List<Step> steps,
        String body,
        Optional<DrillSettings> drill, Optional<FailoverPolicy> failover, AlertSettings alerting) {

    public Runbook {
        approvers = List.copyOf(approvers);
        runners = List.copyOf(runners);
        dataSources = List.copyOf(dataSources);
        dependsOn = List.copyOf(dependsOn);
        escalation = List.copyOf(escalation);
        schedules = List.copyOf(schedules);
        links = List.copyOf(links);
        parameters = List.copyOf(parameters);
        secrets = List.copyOf(secrets);
        sections = List.copyOf(sections);
        steps = List.copyOf(steps);
        drill = drill == null ? Optional.empty() : drill;
        failover = failover == null ? Optional.empty() : failover;
        alerting = alerting == null ? AlertSettings.NONE : alerting;
    }

    /** A runbook without {@code alerts:}, {@code alert_channels:} or {@code on_alert:}. */
    public Runbook(String path, String sha256, String id, String title, String service, Owners owners,
                   List<Person> approvers, List<Person> runners, String impact, String tier, Optional<Duration> rto,
                   Optional<Duration> rpo, List<DataSource> dataSources, List<String> dependsOn,
                   List<EscalationLevel> escalation, List<Schedule> schedules, List<Link> links,
                   List<Parameter> parameters, List<String> secrets, ApprovalSettings approval, List<Section> sections,
                   List<Step> steps, String body, Optional<DrillSettings> drill, Optional<FailoverPolicy> failover) {
        this(path, sha256, id, title, service, owners, approvers, runners, impact, tier, rto, rpo, dataSources, dependsOn,
                escalation, schedules, links, parameters, secrets, approval, sections, steps, body, drill, failover,
                AlertSettings.NONE);
    }

    /** A runbook without a {@code drill:} or {@code failover:} block. */
    public Runbook(String path, String sha256, String id, String title, String service, Owners owners,
                   List<Person> approvers, List<Person> runners, String impact, String tier, Optional<Duration> rto,
                   Optional<Duration> rpo, List<DataSource> dataSources, List<String> dependsOn,
                   List<EscalationLevel> escalation, List<Schedule> schedules, List<Link> links,
                   List<Parameter> parameters, List<String> secrets, ApprovalSettings approval, List<Section> sections,
                   List<Step> steps, String body) {
        this(path, sha256, id, title, service, owners, approvers, runners, impact, tier, rto, rpo, dataSources, dependsOn,
                escalation, schedules, links, parameters, secrets, approval, sections, steps, body, Optional.empty(),
                Optional.empty(), AlertSettings.NONE);
    }

    /** This runbook under another id (a document whose id, derived from its path, was taken by another file). */
    public Runbook withId(String newId) {
        return new Runbook(path, sha256, newId, title, service, owners, approvers, runners, impact, tier, rto, rpo,
                dataSources, dependsOn, escalation, schedules, links, parameters, secrets, approval, sections, steps, body,
                drill, failover);
    }

    public Optional<Step> step(String stepId) {
        return steps.stream().filter(s -> s.id().equals(stepId)).findFirst();
    }

    public Optional<Parameter> parameter(String name) {
        return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The procedure named by its heading title (case-insensitive) or slug. */
    public Optional<Section> procedure(String nameOrSlug) {
        return sections.stream()
                .filter(Section::isProcedure)
                .filter(s -> s.slug().equals(nameOrSlug) || s.title().equalsIgnoreCase(nameOrSlug))
                .findFirst();
    }

    public List<Section> procedures() {
        return sections.stream().filter(Section::isProcedure).toList();
    }
}
