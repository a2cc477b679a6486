package dev.opsbook.runbook.internal;

import dev.opsbook.runbook.Durations;
import dev.opsbook.runbook.SourcePosition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Typed reading of composed YAML nodes. Every wrong type, duplicate or unknown key becomes a finding
 * at the node's position in the file (YAML marks are offset by the front matter's first line) and
 * the value is treated as absent, so reading never throws.
 */
final class YamlTree {
    private final Findings findings;
    private final Positions positions;
    private final int firstLine;

    YamlTree(Findings findings, Positions positions, int firstLine) {
        this.findings = findings;
        this.positions = positions;
        this.firstLine = firstLine;
    }

    Findings findings() {
        return findings;
    }

    SourcePosition position(Node node) {
        return node.getStartMark()
                .map(m -> findings.source().clamp(m.getLine() + firstLine, m.getColumn() + 1))
                .orElse(new SourcePosition(firstLine, 1));
    }

    /** The entries of a mapping by key; flags duplicate keys, and unknown ones when {@code known} is not empty. */
    Map<String, Node> mapping(Node node, String path, String what, Set<String> known) {
        positions.put(path, position(node));
        if (!(node instanceof MappingNode m)) {
            if (!isNull(node)) {
                typeError(node, what, "a mapping of key: value lines");
            }
            return Map.of();
        }
        Map<String, Node> entries = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                typeError(t.getKeyNode(), "a key in " + what, "plain text");
                continue;
            }
            String key = k.getValue();
            if (entries.containsKey(key)) {
                findings.at(position(k), Rule.DUPLICATE_KEY, "'" + key + "' appears twice in " + what
                        + ": keep one (YAML uses the last silently)");
            }
            if (!known.isEmpty() && !known.contains(key)) {
                findings.at(position(k), Rule.UNKNOWN_KEY, "unknown key '" + key + "' in " + what
                        + nearest(key, known).map(s -> ": did you mean '" + s + "'?").orElse(": known keys are "
                        + String.join(", ", known.stream().sorted().toList())));
            }
            String child = path.isEmpty() ? key : path + "/" + key;
            positions.put(child, position(t.getValueNode()));
            positions.put(child + "/key", position(k));
            entries.put(key, t.getValueNode());
        }
        return entries;
    }

    /** A sequence's items; a single scalar counts as a one-item list. */
    List<Node> list(Node node, String what) {
        if (node instanceof SequenceNode s) {
            return s.getValue();
        }
        if (node instanceof ScalarNode && !isNull(node)) {
            return List.of(node);
        }
        if (!isNull(node)) {
            typeError(node, what, "a list");
        }
        return List.of();
    }

    Optional<String> text(Node node, String what) {
        if (node instanceof ScalarNode s) {
            return isNull(node) ? Optional.empty() : Optional.of(s.getValue());
        }
        typeError(node, what, "a single value");
        return Optional.empty();
    }

    List<String> texts(Node node, String what) {
        List<String> out = new ArrayList<>();
        for (Node item : list(node, what)) {
            text(item, "an item of " + what).ifPresent(out::add);
        }
        return out;
    }

    Optional<Boolean> bool(Node node, String what) {
        Optional<String> t = text(node, what);
        if (t.isEmpty()) {
            return Optional.empty();
        }
        String v = t.get().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return Optional.of(v.equals("true"));
        }
        findings.at(position(node), Rule.YAML_TYPE, what + " must be true or false, not \"" + t.get() + "\"");
        return Optional.empty();
    }

    Optional<Duration> duration(Node node, String what) {
        Optional<String> t = text(node, what);
        if (t.isEmpty()) {
            return Optional.empty();
        }
        Optional<Duration> d = Durations.parse(t.get());
        if (d.isEmpty()) {
            findings.at(position(node), Rule.BAD_DURATION, badDuration(what, t.get()));
        }
        return d;
    }

    static String badDuration(String what, String value) {
        return what + " \"" + value + "\" is not a duration: use a number and unit such as 90s, 15m or 1h30m";
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s && (Tag.NULL.equals(s.getTag()) || s.getValue().isEmpty() && s.isPlain());
    }

    private void typeError(Node node, String what, String expected) {
        String actual = switch (node) {
            case MappingNode m -> "a mapping";
            case SequenceNode s -> "a list";
            default -> "a single value";
        };
        findings.at(position(node), Rule.YAML_TYPE, what + " must be " + expected + ", not " + actual);
    }

    /** The known key closest to a misspelt one, if it is close enough to be a likely typo. */
    static Optional<String> nearest(String key, Set<String> known) {
        return known.stream()
                .map(k -> Map.entry(k, distance(key.toLowerCase(Locale.ROOT), k)))
                .filter(e -> e.getValue() <= Math.max(2, e.getKey().length() / 3))
                .min(Comparator.comparingInt(Map.Entry<String, Integer>::getValue).thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey);
    }

    static int distance(String a, String b) {
        if (a.length() > 64 || b.length() > 64) {
            return Integer.MAX_VALUE;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
