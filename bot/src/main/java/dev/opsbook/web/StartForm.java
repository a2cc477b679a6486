package dev.opsbook.web;

import dev.opsbook.runbook.Parameter;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.Section;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The start form of a runbook: its procedures to choose from and an input per parameter (secrets as passwords),
 * with the procedure and values the user chose before (a refused or dry-run form keeps them; secrets are not echoed).
 */
final class StartForm {
    private StartForm() {}

    static Map<String, Object> of(Runbook rb, java.util.Optional<String> chosen, Map<String, String> typed) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", rb.id());
        v.put("rb_title", rb.title());
        v.put("service", rb.service());
        List<Section> procedures = rb.procedures();
        String checked = chosen.filter(c -> procedures.stream().anyMatch(p -> p.slug().equals(c)))
                .orElse(procedures.isEmpty() ? "" : procedures.getFirst().slug());
        v.put("procedures", procedures.stream().map(p -> Map.of("slug", p.slug(), "title", p.title(), "checked",
                p.slug().equals(checked), "steps", p.steps().size(),
                "approvals", p.steps().stream().mapToInt(s -> s.approvals()).sum())).toList());
        v.put("parameters", rb.parameters().stream().map(p -> parameter(p, typed)).toList());
        v.put("has_parameters", !rb.parameters().isEmpty());
        return v;
    }

    private static Map<String, Object> parameter(Parameter p, Map<String, String> typed) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", p.name());
        v.put("env", p.envName());
        v.put("description", p.description());
        v.put("required", p.required());
        v.put("secret", p.secret());
        v.put("value", p.secret() ? "" : typed.getOrDefault(p.name(), p.defaultValue().orElse("")));
        v.put("choices", p.values().stream().map(c -> Map.of("choice", c, "selected",
                c.equals(typed.getOrDefault(p.name(), p.defaultValue().orElse(""))))).toList());
        v.put("has_choices", !p.values().isEmpty());
        v.put("pattern", p.pattern().orElse(""));
        return v;
    }
}
