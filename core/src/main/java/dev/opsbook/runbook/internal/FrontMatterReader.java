package dev.opsbook.runbook.internal;

import dev.opsbook.runbook.ApprovalSettings;
import dev.opsbook.runbook.EscalationLevel;
import dev.opsbook.runbook.Owners;
import dev.opsbook.runbook.Person;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads the front matter YAML (composed with snakeyaml-engine, so every value keeps its line and
 * column) into {@link FrontMatter}. Problems become findings; nothing here throws.
 */
public final class FrontMatterReader {
    static final Set<String> KEYS = Set.of("id", "title", "service", "owners", "approvers", "runners", "impact",
            "tier", "rto", "rpo", "data_sources", "depends_on", "escalation", "schedules", "links", "parameters",
            "secrets", "approval", "drill", "failover", "alerts", "alert_channels", "on_alert");
    static final Set<String> PERSON_KEYS = Set.of("id", "name", "slack", "discord", "email");
    private static final Set<String> OWNER_KEYS = Set.of("team", "people");
    private static final Set<String> ESCALATION_KEYS = Set.of("who", "after");
    private static final Set<String> APPROVAL_KEYS = Set.of("expires", "allow_self_approval", "require_for_destructive");
    private static final LoadSettings SETTINGS = LoadSettings.builder()
            .setLabel("front matter").setAllowDuplicateKeys(true).setMaxAliasesForCollections(20).build();

    private FrontMatterReader() {}

    /**
     * Reads front matter whose first YAML line is line {@code firstLine} of the file. Returns empty
     * when the YAML cannot be parsed at all (a {@code yaml-syntax} finding says where).
     */
    public static Optional<FrontMatter> read(String yaml, int firstLine, Findings findings, Positions positions) {
        return read(yaml, firstLine, findings, positions, Set.of());
    }

    /** As {@link #read(String, int, Findings, Positions)}, with {@code alsoKnown} top-level keys read elsewhere or ignored. */
    public static Optional<FrontMatter> read(String yaml, int firstLine, Findings findings, Positions positions,
                                             Set<String> alsoKnown) {
        Set<String> known = alsoKnown.isEmpty() ? KEYS
                : java.util.stream.Stream.concat(KEYS.stream(), alsoKnown.stream()).collect(java.util.stream.Collectors.toSet());
        Optional<Node> root;
        try {
            root = new Compose(SETTINGS).composeString(yaml);
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
            int line = mark.map(m -> m.getLine() + firstLine).orElse(firstLine);
            int column = mark.map(m -> m.getColumn() + 1).orElse(1);
            findings.at(findings.source().clamp(line, column), Rule.YAML_SYNTAX,
                    "the front matter is not valid YAML: " + describe(e) + "; fix the YAML at this position");
            return Optional.empty();
        } catch (RuntimeException | StackOverflowError e) {
            findings.at(findings.source().clamp(firstLine, 1), Rule.YAML_SYNTAX,
                    "the front matter is not valid YAML (" + e.getClass().getSimpleName() + ": "
                            + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
            return Optional.empty();
        }
        YamlTree tree = new YamlTree(findings, positions, firstLine);
        positions.put("", findings.source().clamp(Math.max(1, firstLine - 1), 1));
        if (root.isPresent() && !(root.get() instanceof MappingNode)) {
            tree.mapping(root.get(), "", "the front matter", known);
            return Optional.empty();
        }
        Map<String, Node> top = root.map(r -> tree.mapping(r, "", "the front matter", known)).orElse(Map.of());
        return Optional.of(new FrontMatterReader.Fields(tree, top).read());
    }

    private static String describe(MarkedYamlEngineException e) {
        String problem = e.getProblem() == null ? "syntax error" : e.getProblem();
        return (e.getContext() == null ? "" : e.getContext() + ", ") + problem;
    }

    private record Fields(YamlTree tree, Map<String, Node> top) {
        FrontMatter read() {
            FrontMatterLists lists = new FrontMatterLists(tree);
            return new FrontMatter(
                    text("id"), text("title"), text("service"),
                    owners(top.get("owners")),
                    people(top.get("approvers"), "approvers"),
                    people(top.get("runners"), "runners"),
                    text("impact"), text("tier"),
                    node("rto").flatMap(n -> tree.duration(n, "rto")),
                    node("rpo").flatMap(n -> tree.duration(n, "rpo")),
                    node("data_sources").map(lists::dataSources).orElse(List.of()),
                    node("depends_on").map(n -> tree.texts(n, "depends_on")).orElse(List.of()),
                    node("escalation").map(this::escalation).orElse(List.of()),
                    node("schedules").map(lists::schedules).orElse(List.of()),
                    node("links").map(lists::links).orElse(List.of()),
                    node("parameters").map(lists::parameters).orElse(List.of()),
                    node("secrets").map(n -> tree.texts(n, "secrets")).orElse(List.of()),
                    node("approval").map(this::approval).orElse(ApprovalSettings.DEFAULTS),
                    node("drill").map(n -> new DrillReader(tree).read(n)),
                    node("failover").map(n -> new FailoverReader(tree).read(n)),
                    new AlertReader(tree).read(top));
        }

        private Optional<Node> node(String key) {
            return Optional.ofNullable(top.get(key));
        }

        private String text(String key) {
            return node(key).flatMap(n -> tree.text(n, key)).orElse("").strip();
        }

        private Owners owners(Node node) {
            if (node == null) {
                return Owners.NONE;
            }
            if (!(node instanceof MappingNode)) {
                return new Owners("", people(node, "owners"));
            }
            Map<String, Node> m = tree.mapping(node, "owners", "owners", OWNER_KEYS);
            String team = Optional.ofNullable(m.get("team")).flatMap(n -> tree.text(n, "owners.team")).orElse("");
            return new Owners(team.strip(), people(m.get("people"), "owners.people"));
        }

        private List<Person> people(Node node, String what) {
            if (node == null) {
                return List.of();
            }
            List<Person> out = new ArrayList<>();
            for (Node item : tree.list(node, what)) {
                person(item, what).ifPresent(out::add);
            }
            return out;
        }

        private Optional<Person> person(Node item, String what) {
            if (!(item instanceof MappingNode)) {
                return tree.text(item, "an item of " + what).map(String::strip).map(Person::of);
            }
            Map<String, Node> m = tree.mapping(item, what + "/person", "a person in " + what, PERSON_KEYS);
            Optional<String> id = Optional.ofNullable(m.get("id")).flatMap(n -> tree.text(n, "id")).map(String::strip);
            if (id.isEmpty() || id.get().isEmpty()) {
                tree.findings().at(tree.position(item), Rule.MISSING_FIELD,
                        "a person in " + what + " has no id: add 'id:' with their opsbook user id");
                return Optional.empty();
            }
            Map<String, String> handles = new LinkedHashMap<>();
            for (String platform : List.of("slack", "discord", "email")) {
                Optional.ofNullable(m.get(platform)).flatMap(n -> tree.text(n, platform)).ifPresent(h -> handles.put(platform, h));
            }
            String name = Optional.ofNullable(m.get("name")).flatMap(n -> tree.text(n, "name")).orElse(id.get());
            return Optional.of(new Person(id.get(), name, handles));
        }

        private List<EscalationLevel> escalation(Node node) {
            List<EscalationLevel> out = new ArrayList<>();
            List<Node> items = tree.list(node, "escalation");
            for (int i = 0; i < items.size(); i++) {
                Map<String, Node> m = tree.mapping(items.get(i), "escalation/" + i, "an escalation level", ESCALATION_KEYS);
                if (m.isEmpty()) {
                    continue;
                }
                Optional<Person> who = Optional.ofNullable(m.get("who")).flatMap(n -> person(n, "escalation.who"));
                if (who.isEmpty()) {
                    tree.findings().at(tree.position(items.get(i)), Rule.MISSING_FIELD,
                            "escalation level " + (i + 1) + " names nobody: add 'who:' with a person or @group");
                    continue;
                }
                out.add(new EscalationLevel(who.get(), Optional.ofNullable(m.get("after"))
                        .flatMap(n -> tree.duration(n, "escalation.after")).orElse(java.time.Duration.ZERO)));
            }
            return out;
        }

        private ApprovalSettings approval(Node node) {
            Map<String, Node> m = tree.mapping(node, "approval", "approval", APPROVAL_KEYS);
            ApprovalSettings d = ApprovalSettings.DEFAULTS;
            return new ApprovalSettings(
                    Optional.ofNullable(m.get("expires")).flatMap(n -> tree.duration(n, "approval.expires")).orElse(d.expiry()),
                    Optional.ofNullable(m.get("allow_self_approval"))
                            .flatMap(n -> tree.bool(n, "approval.allow_self_approval")).orElse(d.allowSelfApproval()),
                    Optional.ofNullable(m.get("require_for_destructive"))
                            .flatMap(n -> tree.bool(n, "approval.require_for_destructive")).orElse(d.requireForDestructive()));
        }
    }
}
