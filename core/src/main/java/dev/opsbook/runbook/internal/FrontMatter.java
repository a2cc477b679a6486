package dev.opsbook.runbook.internal;

import dev.opsbook.runbook.AlertSettings;
import dev.opsbook.runbook.ApprovalSettings;
import dev.opsbook.runbook.DataSource;
import dev.opsbook.runbook.DrillSettings;
import dev.opsbook.runbook.EscalationLevel;
import dev.opsbook.runbook.FailoverPolicy;
import dev.opsbook.runbook.Link;
import dev.opsbook.runbook.Owners;
import dev.opsbook.runbook.Parameter;
import dev.opsbook.runbook.Person;
import dev.opsbook.runbook.Schedule;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The front matter fields of a runbook, as read (absent or empty where missing or wrong). */
public record FrontMatter(
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
        Optional<DrillSettings> drill, Optional<FailoverPolicy> failover, AlertSettings alerting) {

    public static final FrontMatter EMPTY = new FrontMatter("", "", "", Owners.NONE, List.of(), List.of(), "", "",
            Optional.empty(), Optional.empty(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
            List.of(), ApprovalSettings.DEFAULTS, Optional.empty(), Optional.empty(), AlertSettings.NONE);
}
