package dev.opsbook.runbook.internal;

import dev.opsbook.runbook.PathNames;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * How a Markdown file without opsbook policy becomes a page: whether its front matter holds opsbook
 * policy, and the id, title and service derived for it (id from {@code id:} or the path, title from
 * {@code title:}, the first H1 or the file name, service from its folder or {@code unassigned}).
 * Also the Runme document settings ({@code shell}, {@code cwd}, {@code runme.id}).
 */
public record Adoption(boolean hasPolicy, String id, String title, String service, Optional<String> shell,
                       Optional<String> cwd, Optional<String> runmeId, boolean runme) {
    private static final LoadSettings SETTINGS = LoadSettings.builder().setLabel("front matter")
            .setAllowDuplicateKeys(true).setMaxAliasesForCollections(20).build();

    static Adoption of(String path, Optional<String> yaml, MarkdownOutline outline) {
        Map<String, String> scalars = new LinkedHashMap<>();
        boolean policy = false;
        Optional<String> runmeId = Optional.empty();
        boolean runme = false;
        if (yaml.isPresent()) {
            Optional<Node> root;
            try {
                root = new Compose(SETTINGS).composeString(yaml.get());
            } catch (RuntimeException | StackOverflowError e) {
                root = Optional.empty();
            }
            if (root.isPresent() && root.get() instanceof MappingNode m) {
                for (NodeTuple t : m.getValue()) {
                    if (!(t.getKeyNode() instanceof ScalarNode k)) {
                        continue;
                    }
                    String key = k.getValue();
                    runme |= key.equals("runme");
                    policy |= FrontMatterReader.KEYS.contains(key) && !key.equals("id") && !key.equals("title");
                    if (t.getValueNode() instanceof ScalarNode v) {
                        scalars.putIfAbsent(key, v.getValue().strip());
                    } else if (key.equals("runme") && t.getValueNode() instanceof MappingNode r) {
                        runmeId = r.getValue().stream().filter(x -> x.getKeyNode() instanceof ScalarNode rk
                                        && rk.getValue().equals("id") && x.getValueNode() instanceof ScalarNode)
                                .map(x -> ((ScalarNode) x.getValueNode()).getValue()).findFirst();
                    }
                }
            }
        }
        String id = Optional.ofNullable(scalars.get("id")).filter(s -> !s.isEmpty()).orElseGet(() -> PathNames.idFromPath(path));
        String title = Optional.ofNullable(scalars.get("title")).filter(s -> !s.isEmpty())
                .or(() -> firstH1(outline)).orElseGet(() -> PathNames.titleFromPath(path));
        return new Adoption(policy, id, title, PathNames.serviceFromPath(path),
                Optional.ofNullable(scalars.get("shell")).filter(s -> !s.isEmpty()),
                Optional.ofNullable(scalars.get("cwd")).filter(s -> !s.isEmpty()), runmeId, runme);
    }

    private static Optional<String> firstH1(MarkdownOutline outline) {
        return outline.headings().stream().filter(h -> h.level() == 1 && !h.title().isBlank())
                .map(MarkdownOutline.Heading::title).findFirst();
    }

}
