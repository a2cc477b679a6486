package dev.opsbook.runbook.internal;

import dev.opsbook.runbook.DrillSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads the {@code drill:} front matter block ({@code procedure}, {@code sandbox}, {@code approvals}). */
final class DrillReader {
    static final Set<String> KEYS = Set.of("procedure", "sandbox", "approvals");
    static final Set<String> APPROVALS = Set.of("required", "waived");

    private final YamlTree tree;

    DrillReader(YamlTree tree) {
        this.tree = tree;
    }

    DrillSettings read(Node node) {
        Map<String, Node> m = tree.mapping(node, "drill", "drill", KEYS);
        Optional<String> procedure = Optional.ofNullable(m.get("procedure"))
                .flatMap(n -> tree.text(n, "drill.procedure")).map(String::strip).filter(s -> !s.isEmpty());
        Map<String, String> sandbox = new LinkedHashMap<>();
        Optional.ofNullable(m.get("sandbox")).ifPresent(n -> tree.mapping(n, "drill/sandbox", "drill.sandbox", Set.of())
                .forEach((k, v) -> tree.text(v, "drill.sandbox." + k).ifPresent(text -> sandbox.put(k, text))));
        boolean waived = false;
        Node approvals = m.get("approvals");
        if (approvals != null) {
            String value = tree.text(approvals, "drill.approvals").orElse("").strip();
            if (!APPROVALS.contains(value)) {
                tree.findings().at(tree.position(approvals), Rule.BAD_VALUE, "drill.approvals is \"" + value
                        + "\": use required (drills wait for approvers like any restore) or waived (the sandbox is disposable)");
            }
            waived = value.equals("waived");
        }
        return new DrillSettings(procedure, sandbox, waived, tree.position(node));
    }
}
