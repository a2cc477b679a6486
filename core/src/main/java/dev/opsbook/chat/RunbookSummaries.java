package dev.opsbook.chat;

import dev.opsbook.runbook.Durations;
import dev.opsbook.runbook.Parameter;
import dev.opsbook.runbook.Person;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.Section;
import dev.opsbook.runbook.Step;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Chat answers to {@code /runbook list} and {@code /runbook show}, from parsed runbooks. */
public final class RunbookSummaries {
    private static final int MAX_LISTED = 40;

    private RunbookSummaries() {}

    public static ChatMessage list(List<Runbook> runbooks, Optional<String> service) {
        List<Runbook> shown = runbooks.stream()
                .filter(r -> service.map(s -> s.equalsIgnoreCase(r.service())).orElse(true))
                .sorted(Comparator.comparing(Runbook::service).thenComparing(Runbook::id))
                .toList();
        String scope = service.map(s -> " of service `" + s + "`").orElse("");
        if (shown.isEmpty()) {
            return ChatMessage.builder("No runbooks" + scope + "." + (service.isPresent() ? " Try `/runbook list`." : ""))
                    .status(ChatStatus.INFO).build();
        }
        String lines = shown.stream().limit(MAX_LISTED)
                .map(r -> "• `" + r.id() + "` — " + r.title() + " (" + r.service()
                        + r.rto().map(d -> ", RTO " + Durations.format(d)).orElse("") + ")")
                .collect(Collectors.joining("\n"));
        String more = shown.size() > MAX_LISTED ? "\n… and " + (shown.size() - MAX_LISTED) + " more; name a service to narrow the list." : "";
        return ChatMessage.builder("*Runbooks" + scope + "* (" + shown.size() + ")\n" + lines + more)
                .context("`/runbook show ID` for details, `/runbook run ID` to start one")
                .build();
    }

    public static ChatMessage show(Runbook r) {
        ChatMessage.Builder b = ChatMessage.builder("*" + r.title() + "* — `" + r.id() + "`\n" + procedures(r))
                .field("Service", r.service())
                .field("Owners", owners(r))
                .field("Approvers", people(r.approvers()))
                .field("Tier", r.tier())
                .field("RTO", r.rto().map(Durations::format).orElse("—"))
                .field("RPO", r.rpo().map(Durations::format).orElse("—"));
        if (!r.parameters().isEmpty()) {
            b.field("Parameters", r.parameters().stream().map(RunbookSummaries::parameter).collect(Collectors.joining(", ")));
        }
        return b.context(r.path()).build();
    }

    private static String procedures(Runbook r) {
        List<Section> procedures = r.procedures();
        if (procedures.isEmpty()) {
            return "_no executable steps_";
        }
        return procedures.stream().map(p -> "*" + p.title() + "*\n" + p.steps().stream()
                        .map(RunbookSummaries::step).collect(Collectors.joining("\n")))
                .collect(Collectors.joining("\n"));
    }

    private static String step(Step s) {
        return "  • `" + s.id() + "` " + s.kind().label() + (s.needsApproval() ? " (needs " + s.approvals() + " approval"
                + (s.approvals() == 1 ? "" : "s") + ")" : "");
    }

    private static String parameter(Parameter p) {
        return "`" + p.name() + "`" + (p.required() ? " (required)" : p.defaultValue().map(d -> p.secret() ? "" : "=" + d).orElse(""));
    }

    private static String owners(Runbook r) {
        String people = people(r.owners().people());
        return r.owners().team().isBlank() ? people : r.owners().team() + (people.equals("—") ? "" : ": " + people);
    }

    private static String people(List<Person> people) {
        return people.isEmpty() ? "—" : people.stream().map(Person::id).collect(Collectors.joining(", "));
    }
}
