package dev.opsbook.runbook.internal;

import dev.opsbook.runbook.DataSource;
import dev.opsbook.runbook.DrillSettings;
import dev.opsbook.runbook.Parameter;
import dev.opsbook.runbook.Section;
import dev.opsbook.runbook.StepKind;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checks the {@code drill:} block: a restore runbook with an RTO names a drill sandbox (and so does
 * one with a {@code run: drill} schedule), the drill
 * procedure exists and restores something, and every sandbox value is a declared, non-secret
 * parameter that does not point at a production data source.
 */
final class DrillRules {
    /** A schedule's {@code run:} value that starts a drill instead of a procedure. */
    static final String SCHEDULE_TARGET = "drill";

    private final Findings findings;
    private final Positions positions;

    DrillRules(Findings findings, Positions positions) {
        this.findings = findings;
        this.positions = positions;
    }

    void check(FrontMatter fm, List<Section> sections) {
        boolean restores = sections.stream().flatMap(s -> s.steps().stream()).anyMatch(s -> s.kind() == StepKind.RESTORE);
        for (int i = 0; i < fm.schedules().size(); i++) {
            if (fm.drill().isEmpty() && fm.schedules().get(i).target().equals(SCHEDULE_TARGET)) {
                findings.at(positions.get("schedules/" + i + "/run"), Rule.DRILL_SANDBOX, "schedule " + (i + 1)
                        + " runs a drill, but the runbook names no drill sandbox: add a 'drill:' block with 'sandbox:'"
                        + " parameter values");
            }
        }
        if (fm.drill().isEmpty()) {
            if (restores && fm.rto().isPresent()) {
                findings.at(positions.get("rto"), Rule.NO_DRILL, "this runbook restores data and promises an RTO, but "
                        + "names no drill sandbox: add a 'drill:' block with 'sandbox:' parameter values (e.g. "
                        + "target_database: orders_drill) so /runbook drill can measure the RTO without touching production");
            }
            return;
        }
        DrillSettings drill = fm.drill().get();
        procedure(drill, sections);
        if (drill.sandbox().isEmpty()) {
            findings.at(positions.get("drill/sandbox"), Rule.DRILL_SANDBOX, "the drill names no sandbox: add 'sandbox:' "
                    + "with the parameter values that point the restore away from production (e.g. target_database: orders_drill)");
        }
        drill.sandbox().forEach((name, value) -> sandboxValue(fm, name, value));
    }

    private void procedure(DrillSettings drill, List<Section> sections) {
        List<Section> procedures = sections.stream().filter(Section::isProcedure).toList();
        String names = procedures.stream().map(s -> "'" + s.slug() + "'").collect(Collectors.joining(", "));
        if (drill.procedure().isPresent()) {
            String wanted = drill.procedure().get();
            Optional<Section> found = procedures.stream()
                    .filter(s -> s.slug().equals(wanted) || s.title().equalsIgnoreCase(wanted)).findFirst();
            if (found.isEmpty()) {
                findings.at(positions.get("drill/procedure"), Rule.DRILL_PROCEDURE, "drill.procedure '" + wanted
                        + "' is not a heading with steps: use one of " + (names.isEmpty() ? "(none)" : names));
            } else if (found.get().steps().stream().noneMatch(s -> s.kind() == StepKind.RESTORE)) {
                findings.at(positions.get("drill/procedure"), Rule.DRILL_PROCEDURE, "drill.procedure '" + wanted
                        + "' has no kind=restore step, so a drill cannot time the restore: name the restore procedure");
            }
        } else if (procedures.stream().noneMatch(s -> s.steps().stream().anyMatch(st -> st.kind() == StepKind.RESTORE))) {
            findings.at(positions.get("drill"), Rule.DRILL_PROCEDURE, "a drill restores, but no procedure has a "
                    + "kind=restore step: add one, or name the procedure with 'procedure:'");
        }
    }

    private void sandboxValue(FrontMatter fm, String name, String value) {
        String at = "drill/sandbox/" + name;
        Optional<Parameter> p = fm.parameters().stream().filter(x -> x.name().equals(name)).findFirst();
        if (p.isEmpty()) {
            findings.at(positions.get(at + "/key"), Rule.DRILL_SANDBOX, "drill.sandbox sets '" + name
                    + "', which is not a parameter of this runbook: use one of " + fm.parameters().stream()
                    .filter(x -> !x.secret()).map(Parameter::name).collect(Collectors.joining(", ")));
            return;
        }
        if (p.get().secret()) {
            findings.at(positions.get(at + "/key"), Rule.DRILL_SANDBOX, "drill.sandbox sets the secret parameter '" + name
                    + "': secrets never go in a runbook; give the sandbox its own non-secret parameter");
            return;
        }
        for (DataSource source : fm.dataSources()) {
            if (production(source, value)) {
                findings.at(positions.get(at), Rule.DRILL_SANDBOX, "drill.sandbox." + name + " is '" + value
                        + "', the production data source '" + source.name() + "' (" + source.location()
                        + "): a drill would restore over production; name a separate sandbox, e.g. " + value + "_drill");
                return;
            }
        }
    }

    /** True when {@code value} is the source's name, location, or the last path segment of its location. */
    static boolean production(DataSource source, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        String location = source.location().strip().toLowerCase(Locale.ROOT);
        String last = location.replaceAll("[?#].*$", "").replaceAll("/+$", "");
        last = last.substring(last.lastIndexOf('/') + 1);
        return !v.isEmpty() && (v.equals(source.name().toLowerCase(Locale.ROOT)) || v.equals(location)
                || (!last.isEmpty() && v.equals(last)));
    }
}
