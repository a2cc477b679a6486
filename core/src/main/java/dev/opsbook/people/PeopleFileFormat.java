package dev.opsbook.people;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * The format of {@code people.yaml} (docs/web.md, "People and groups"):
 * <pre>
 * people:
 *   alice:
 *     slack: U0123ABCD          # Slack user id (not the @handle)
 *     discord: "112233445566778899"
 *     web: alice@example.com    # web login, when it is not the opsbook id
 *     groups: [sre, dba]
 * groups:
 *   sre: [alice, bob]           # the same membership, written per group
 * </pre>
 * Every mistake is an {@link IllegalArgumentException} saying {@code file:line:column: what is wrong}.
 */
final class PeopleFileFormat {
    private static final Set<String> PERSON_KEYS = Set.of("name", "slack", "discord", "web", "groups");

    private PeopleFileFormat() {}

    static List<Member> parse(String text, String file) {
        Optional<Node> root;
        try {
            root = new Compose(LoadSettings.builder().setAllowDuplicateKeys(false).build()).composeString(text);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(1);
            int col = e.getProblemMark().map(m -> m.getColumn() + 1).orElse(1);
            throw new IllegalArgumentException(file + ":" + line + ":" + col + ": not valid YAML: " + e.getProblem());
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException(file + ":1:1: not valid YAML: " + e.getMessage());
        }
        Map<String, Set<String>> groups = new LinkedHashMap<>();
        Map<String, Map<String, String>> accounts = new LinkedHashMap<>();
        if (root.isEmpty()) {
            return List.of();
        }
        for (NodeTuple top : mapping(root.get(), file, "the file").getValue()) {
            String key = scalar(top.getKeyNode(), file, "a top-level key");
            switch (key) {
                case "people" -> {
                    for (NodeTuple p : mapping(top.getValueNode(), file, "people").getValue()) {
                        String id = id(p.getKeyNode(), file);
                        Map<String, String> acc = accounts.computeIfAbsent(id, k -> new HashMap<>());
                        groups.computeIfAbsent(id, k -> new LinkedHashSet<>());
                        if (p.getValueNode() instanceof ScalarNode s && s.getValue().isEmpty()) {
                            continue;
                        }
                        for (NodeTuple field : mapping(p.getValueNode(), file, "person " + id).getValue()) {
                            String name = scalar(field.getKeyNode(), file, "a key of " + id);
                            if (!PERSON_KEYS.contains(name)) {
                                throw error(field.getKeyNode(), file, "unknown key `" + name + "` for " + id
                                        + " (use slack, discord, web, groups, name)");
                            }
                            if (name.equals("groups")) {
                                for (String g : list(field.getValueNode(), file, "groups of " + id)) {
                                    groups.get(id).add(group(g, field.getValueNode(), file));
                                }
                            } else if (!name.equals("name")) {
                                acc.put(name, scalar(field.getValueNode(), file, "the " + name + " account of " + id));
                            }
                        }
                    }
                }
                case "groups" -> {
                    for (NodeTuple g : mapping(top.getValueNode(), file, "groups").getValue()) {
                        String group = group(scalar(g.getKeyNode(), file, "a group name"), g.getKeyNode(), file);
                        for (String member : list(g.getValueNode(), file, "members of " + group)) {
                            if (!member.matches(Member.ID)) {
                                throw error(g.getValueNode(), file, "\"" + member + "\" in group " + group + " is not an opsbook id");
                            }
                            groups.computeIfAbsent(member, k -> new LinkedHashSet<>()).add(group);
                            accounts.computeIfAbsent(member, k -> new HashMap<>());
                        }
                    }
                }
                default -> throw error(top.getKeyNode(), file, "unknown key `" + key + "` (use people: and groups:)");
            }
        }
        List<Member> people = new ArrayList<>();
        accounts.forEach((id, acc) -> people.add(new Member(id, acc, groups.getOrDefault(id, Set.of()), file)));
        return people;
    }

    private static String id(Node node, String file) {
        String id = scalar(node, file, "a person's id");
        if (!id.matches(Member.ID)) {
            throw error(node, file, "\"" + id + "\" is not an opsbook id (1-64 letters, digits, '.', '_', '-', '@')");
        }
        return id;
    }

    private static String group(String name, Node at, String file) {
        try {
            return Member.group(name);
        } catch (IllegalArgumentException e) {
            throw error(at, file, e.getMessage());
        }
    }

    private static MappingNode mapping(Node node, String file, String what) {
        if (node instanceof MappingNode m) {
            return m;
        }
        throw error(node, file, what + " must be a mapping (key: value lines)");
    }

    private static String scalar(Node node, String file, String what) {
        if (node instanceof ScalarNode s && !s.getValue().isBlank()) {
            return s.getValue().strip();
        }
        throw error(node, file, what + " must be a single non-empty value");
    }

    private static List<String> list(Node node, String file, String what) {
        if (node instanceof ScalarNode s) {
            return s.getValue().isBlank() ? List.of() : List.of(s.getValue().split(",")).stream().map(String::strip)
                    .filter(v -> !v.isEmpty()).toList();
        }
        if (node instanceof SequenceNode seq) {
            List<String> values = new ArrayList<>();
            for (Node n : seq.getValue()) {
                values.add(scalar(n, file, "each of the " + what));
            }
            return values;
        }
        throw error(node, file, what + " must be a list ([a, b]) or a comma-separated value");
    }

    private static IllegalArgumentException error(Node node, String file, String message) {
        int line = node.getStartMark().map(m -> m.getLine() + 1).orElse(1);
        int col = node.getStartMark().map(m -> m.getColumn() + 1).orElse(1);
        return new IllegalArgumentException(file + ":" + line + ":" + col + ": " + message);
    }
}
