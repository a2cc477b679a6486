package dev.opsbook.runbook.internal;

import dev.opsbook.runbook.FrontMatterFix;
import dev.opsbook.runbook.ParsedRunbook;
import dev.opsbook.runbook.Runbook;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** Decides the lines {@link FrontMatterFix} inserts: a whole front matter, or the required keys it lacks. */
public final class FrontMatterEdit {
    static final String OWNERS_PLACEHOLDER = "owners: []  # TODO: the team and people who answer for this runbook";
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ,.()/_+-]*");
    private static final Set<String> RESERVED = Set.of("true", "false", "yes", "no", "on", "off", "null", "y", "n", "~");

    private FrontMatterEdit() {}

    public static FrontMatterFix fix(ParsedRunbook parsed, byte[] content) {
        String path = parsed.path();
        if (parsed.runbook().isEmpty()) {
            return refused(path, "the file could not be read (" + parsed.errors().stream().map(f -> f.rule()).distinct()
                    .reduce((a, b) -> a + ", " + b).orElse("unreadable") + ")");
        }
        Runbook rb = parsed.runbook().get();
        String text = new String(content, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        SourceText source = new SourceText(text);
        MarkdownOutline outline = MarkdownOutline.of(text);
        Adoption adoption = Adoption.of(path, outline.frontMatter().filter(MarkdownOutline.FrontMatterBlock::terminated)
                .map(MarkdownOutline.FrontMatterBlock::yaml), outline);
        if (outline.frontMatter().isEmpty()) {
            List<String> lines = new ArrayList<>();
            lines.add("---");
            lines.add("id: " + scalar(rb.id()));
            lines.add("title: " + scalar(adoption.title()));
            lines.add("service: " + scalar(adoption.service()));
            lines.add(OWNERS_PLACEHOLDER);
            lines.add("---");
            return new FrontMatterFix(path, 1, lines, Optional.empty());
        }
        MarkdownOutline.FrontMatterBlock fm = outline.frontMatter().get();
        if (!fm.terminated()) {
            return refused(path, "its front matter is never closed: add the closing '---' first");
        }
        Optional<Set<String>> keys = topKeys(fm.yaml());
        if (keys.isEmpty()) {
            return refused(path, "its front matter is not a YAML mapping of key: value lines (fix the YAML first)");
        }
        if (fm.yaml().strip().startsWith("{")) {
            return refused(path, "its front matter is a flow mapping ({...}): add id, title, service and owners by hand");
        }
        List<String> lines = new ArrayList<>();
        if (!keys.get().contains("id")) lines.add("id: " + scalar(rb.id()));
        if (!keys.get().contains("title")) lines.add("title: " + scalar(adoption.title()));
        if (!keys.get().contains("service")) lines.add("service: " + scalar(adoption.service()));
        if (!keys.get().contains("owners")) lines.add(OWNERS_PLACEHOLDER);
        int closingLine = source.position(Math.max(fm.contentStart(), fm.end() - 1)).line();
        if (fm.end() >= text.length() && !text.endsWith("\n")) {
            closingLine = source.position(text.length()).line();
        }
        return new FrontMatterFix(path, closingLine, lines, Optional.empty());
    }

    private static FrontMatterFix refused(String path, String why) {
        return new FrontMatterFix(path, 1, List.of(), Optional.of(why));
    }

    private static Optional<Set<String>> topKeys(String yaml) {
        try {
            Optional<Node> root = new Compose(LoadSettings.builder().setAllowDuplicateKeys(true).build()).composeString(yaml);
            if (root.isEmpty()) {
                return Optional.of(Set.of());
            }
            if (!(root.get() instanceof MappingNode m)) {
                return Optional.empty();
            }
            Set<String> keys = new java.util.HashSet<>();
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k) {
                    keys.add(k.getValue());
                }
            }
            return Optional.of(keys);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A YAML scalar: plain when that reads back as the same text, else double-quoted with escapes. */
    static String scalar(String value) {
        if (PLAIN.matcher(value).matches() && !RESERVED.contains(value.toLowerCase(java.util.Locale.ROOT))
                && !value.matches("[0-9.+-].*") && !value.endsWith(" ")) {
            return value;
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
