package dev.opsbook.runbook.internal;

import dev.opsbook.runbook.Durations;
import dev.opsbook.runbook.FailoverPolicy;
import dev.opsbook.runbook.FailoverPolicy.TrafficStages;
import dev.opsbook.runbook.Parameter;
import dev.opsbook.runbook.ProbeSpec;
import dev.opsbook.runbook.Section;
import dev.opsbook.runbook.Step;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks on a {@code failover:} block that need the rest of the runbook: the procedure exists, the
 * probes are there and uniquely named, the windows hold samples, the Patroni timing rule
 * ({@code interval + 2 × retry_timeout ≤ ttl}) holds and traffic stages name a real step and parameter.
 */
final class FailoverRules {
    private final Findings findings;
    private final Positions positions;

    FailoverRules(Findings findings, Positions positions) {
        this.findings = findings;
        this.positions = positions;
    }

    void check(FailoverPolicy policy, List<Section> sections, List<Step> steps, List<Parameter> parameters) {
        procedure(policy, sections);
        if (policy.probes().isEmpty() && !findings.has(positions.get("failover/probes"), Rule.BAD_VALUE)) {
            findings.at(positions.get("failover/probes"), Rule.MISSING_FIELD, "failover has no probes: add probes: with at "
                    + "least one of http:, tcp:, sql:, command: or prometheus: (the controller has nothing to watch)");
        }
        Set<String> names = new HashSet<>();
        for (ProbeSpec p : policy.probes()) {
            if (!names.add(p.name())) {
                findings.at(p.position(), Rule.BAD_VALUE, "two probes are named '" + p.name() + "': give each a unique name "
                        + "(it names the probe in evidence and metrics)");
            }
            if (p.timeout().compareTo(policy.retryTimeout()) > 0) {
                findings.at(p.position(), Rule.FAILOVER_TIMING, "probe '" + p.name() + "' may take "
                        + Durations.format(p.timeout()) + ", longer than retry_timeout " + Durations.format(policy.retryTimeout())
                        + ": lower its timeout or raise retry_timeout (and keep interval + 2 × retry_timeout ≤ ttl)");
            }
        }
        timing(policy);
        windows(policy);
        if (policy.maxPerHour() < 1) {
            findings.at(positions.get("failover/max_per_hour"), Rule.BAD_VALUE,
                    "max_per_hour is 0: the controller could never act; use 1 or more");
        }
        policy.stages().ifPresent(s -> stages(s, steps, parameters));
    }

    private void procedure(FailoverPolicy policy, List<Section> sections) {
        if (policy.procedure().isEmpty()) {
            findings.at(positions.get("failover/procedure"), Rule.MISSING_FIELD,
                    "failover has no procedure: add procedure: with the heading of the steps that fail over");
            return;
        }
        boolean found = sections.stream().anyMatch(s -> s.isProcedure()
                && (s.slug().equals(policy.procedure()) || s.title().equalsIgnoreCase(policy.procedure())));
        if (!found) {
            findings.at(positions.get("failover/procedure"), Rule.UNKNOWN_PROCEDURE, "failover.procedure '"
                    + policy.procedure() + "' is not a heading with steps in this runbook: use one of "
                    + String.join(", ", sections.stream().filter(Section::isProcedure).map(Section::slug).toList()));
        }
    }

    /** Patroni's rule: a leader must be able to run a loop and two retries before its lease runs out. */
    private void timing(FailoverPolicy p) {
        Duration needed = p.interval().plus(p.retryTimeout().multipliedBy(2));
        if (needed.compareTo(p.ttl()) > 0) {
            findings.at(positions.get("failover/ttl"), Rule.FAILOVER_TIMING, "interval " + Durations.format(p.interval())
                    + " + 2 × retry_timeout " + Durations.format(p.retryTimeout()) + " = " + Durations.format(needed)
                    + " exceeds ttl " + Durations.format(p.ttl()) + ": a leader could lose its lease in the middle of a loop; "
                    + "raise ttl to at least " + Durations.format(needed) + " or lower interval or retry_timeout");
        }
        if (p.interval().isZero()) {
            findings.at(positions.get("failover/interval"), Rule.BAD_VALUE, "failover.interval must be longer than 0s");
        }
    }

    private void windows(FailoverPolicy p) {
        if (p.interval().isZero()) {
            return;
        }
        for (String key : List.of("promote", "recover")) {
            FailoverPolicy.Criteria c = key.equals("promote") ? p.promote() : p.recover();
            if (c.window().compareTo(p.interval().multipliedBy(2)) < 0) {
                findings.at(positions.get("failover/" + key + "/window"), Rule.BAD_VALUE, key + ".window "
                        + Durations.format(c.window()) + " holds fewer than 2 samples at interval " + Durations.format(p.interval())
                        + ": a single sample would decide; use a window of at least " + Durations.format(p.interval().multipliedBy(2)));
            }
            long fits = c.window().toMillis() / p.interval().toMillis();
            if (c.minSamples() > fits) {
                findings.at(positions.get("failover/" + key + "/min_samples"), Rule.BAD_VALUE, key + ".min_samples "
                        + c.minSamples() + " is more than the " + fits + " samples its window holds: the criteria could never hold");
            }
        }
    }

    private void stages(TrafficStages s, List<Step> steps, List<Parameter> parameters) {
        if (steps.stream().noneMatch(st -> st.id().equals(s.step()))) {
            findings.at(positions.get("failover/stages/step"), Rule.UNKNOWN_STEP, "failover.stages.step '" + s.step()
                    + "' is not a step id of this runbook: name the step that shifts traffic");
        }
        if (parameters.stream().noneMatch(p -> p.name().equals(s.parameter()))) {
            findings.at(positions.get("failover/stages/parameter"), Rule.BAD_PARAMETER, "failover.stages.parameter '"
                    + s.parameter() + "' is not declared: add it to parameters: (type int) so the weight reaches the step");
        }
        List<Integer> w = s.weights();
        boolean ascending = true;
        for (int i = 1; i < w.size(); i++) {
            ascending &= w.get(i) > w.get(i - 1);
        }
        if (w.isEmpty() || !ascending || w.getFirst() < 1 || w.getLast() != 100) {
            findings.at(positions.get("failover/stages/weights"), Rule.BAD_VALUE, "failover.stages.weights " + w
                    + " must be ascending percentages from 1 ending at 100, e.g. [10, 50, 100]");
        }
    }
}
