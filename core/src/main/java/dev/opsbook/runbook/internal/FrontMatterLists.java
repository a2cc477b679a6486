package dev.opsbook.runbook.internal;

import dev.opsbook.runbook.BackupLocation;
import dev.opsbook.runbook.DataSource;
import dev.opsbook.runbook.Link;
import dev.opsbook.runbook.Parameter;
import dev.opsbook.runbook.ParameterType;
import dev.opsbook.runbook.Schedule;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads the list-valued front matter fields: data sources, schedules, links and parameters. */
final class FrontMatterLists {
    static final Set<String> DATA_SOURCE_KEYS = Set.of("name", "type", "location", "environments", "classification",
            "encryption", "backup", "retention", "backup_location");
    static final Set<String> ENCRYPTION_KEYS = Set.of("at_rest", "in_transit", "key_ref");
    static final Set<String> BACKUP_KEYS = Set.of("frequency");
    static final Set<String> SCHEDULE_KEYS = Set.of("cron", "time_zone", "run");
    static final Set<String> LINK_KEYS = Set.of("title", "path", "url");
    static final Set<String> PARAMETER_KEYS = Set.of("name", "type", "pattern", "default", "required", "secret",
            "values", "description");

    private final YamlTree tree;

    FrontMatterLists(YamlTree tree) {
        this.tree = tree;
    }

    List<DataSource> dataSources(Node node) {
        List<DataSource> out = new ArrayList<>();
        List<Node> items = tree.list(node, "data_sources");
        for (int i = 0; i < items.size(); i++) {
            String path = "data_sources/" + i;
            Map<String, Node> m = tree.mapping(items.get(i), path, "a data source", DATA_SOURCE_KEYS);
            if (m.isEmpty()) {
                continue;
            }
            String name = required(m, "name", items.get(i), "data source " + (i + 1),
                    "add 'name:' (e.g. orders-db)");
            String type = text(m, "type").orElse("");
            if (!DataSource.TYPES.contains(type)) {
                tree.findings().at(tree.position(m.getOrDefault("type", items.get(i))), Rule.BAD_VALUE,
                        "data source '" + name + "' has " + (type.isEmpty() ? "no type" : "type '" + type + "'")
                                + ": use one of " + String.join(", ", DataSource.TYPES));
            }
            out.add(new DataSource(name, type, text(m, "location").orElse(""),
                    opt(m, "environments").map(n -> tree.texts(n, "environments")).orElse(List.of()),
                    text(m, "classification").orElse(""),
                    opt(m, "encryption").map(n -> encryption(n, path)).orElse(DataSource.Encryption.UNSTATED),
                    opt(m, "backup").flatMap(n -> backup(n, path)),
                    text(m, "retention").orElse(""),
                    opt(m, "backup_location").map(n -> new BackupLocation(tree.text(n, "backup_location").orElse(""), tree.position(n))),
                    tree.position(items.get(i))));
        }
        return out;
    }

    private DataSource.Encryption encryption(Node node, String path) {
        Map<String, Node> m = tree.mapping(node, path + "/encryption", "encryption", ENCRYPTION_KEYS);
        return new DataSource.Encryption(text(m, "at_rest").orElse(""), text(m, "in_transit").orElse(""),
                text(m, "key_ref").orElse(""));
    }

    private Optional<Duration> backup(Node node, String path) {
        if (node instanceof MappingNode) {
            Map<String, Node> m = tree.mapping(node, path + "/backup", "backup", BACKUP_KEYS);
            return opt(m, "frequency").flatMap(n -> tree.duration(n, "backup.frequency"));
        }
        return tree.duration(node, "backup frequency");
    }

    List<Schedule> schedules(Node node) {
        List<Schedule> out = new ArrayList<>();
        List<Node> items = tree.list(node, "schedules");
        for (int i = 0; i < items.size(); i++) {
            Map<String, Node> m = tree.mapping(items.get(i), "schedules/" + i, "a schedule", SCHEDULE_KEYS);
            if (m.isEmpty()) {
                continue;
            }
            String what = "schedule " + (i + 1);
            String cron = required(m, "cron", items.get(i), what, "add 'cron:' in Quartz syntax, e.g. \"0 0 2 * * ?\"");
            if (!cron.isEmpty()) {
                QuartzCron.problem(cron).ifPresent(p -> tree.findings().at(tree.position(m.get("cron")), Rule.BAD_CRON,
                        "cron \"" + cron + "\" " + p));
            }
            String zone = text(m, "time_zone").orElse("UTC");
            try {
                ZoneId.of(zone);
            } catch (DateTimeException e) {
                tree.findings().at(tree.position(m.get("time_zone")), Rule.BAD_VALUE, "time_zone \"" + zone
                        + "\" is not a time zone: use a region id such as Europe/Berlin or UTC");
            }
            String run = required(m, "run", items.get(i), what, "add 'run:' naming a procedure (heading) or step id");
            out.add(new Schedule(cron, zone, run, tree.position(items.get(i))));
        }
        return out;
    }

    List<Link> links(Node node) {
        List<Link> out = new ArrayList<>();
        List<Node> items = tree.list(node, "links");
        for (int i = 0; i < items.size(); i++) {
            Map<String, Node> m = tree.mapping(items.get(i), "links/" + i, "a link", LINK_KEYS);
            if (m.isEmpty()) {
                continue;
            }
            Optional<String> target = text(m, "path").or(() -> text(m, "url"));
            if (target.isEmpty() || target.get().isBlank()) {
                tree.findings().at(tree.position(items.get(i)), Rule.MISSING_FIELD,
                        "link " + (i + 1) + " has no target: add 'path:' (a file in the repository) or 'url:'");
                continue;
            }
            Node at = m.containsKey("path") ? m.get("path") : m.get("url");
            out.add(new Link(text(m, "title").orElse(target.get()), target.get().strip(), tree.position(at)));
        }
        return out;
    }

    List<Parameter> parameters(Node node) {
        List<Parameter> out = new ArrayList<>();
        List<Node> items = tree.list(node, "parameters");
        for (int i = 0; i < items.size(); i++) {
            Map<String, Node> m = tree.mapping(items.get(i), "parameters/" + i, "a parameter", PARAMETER_KEYS);
            if (m.isEmpty()) {
                continue;
            }
            String name = required(m, "name", items.get(i), "parameter " + (i + 1), "add 'name:' (e.g. target-db)");
            if (name.isEmpty()) {
                continue;
            }
            String typeText = text(m, "type").orElse("string");
            Optional<ParameterType> type = ParameterType.parse(typeText);
            if (type.isEmpty()) {
                tree.findings().at(tree.position(m.get("type")), Rule.BAD_PARAMETER, "parameter '" + name
                        + "' has type '" + typeText + "': use one of string, int, bool, enum, duration");
            }
            Optional<String> defaultValue = text(m, "default");
            out.add(new Parameter(name, type.orElse(ParameterType.STRING), text(m, "pattern"), defaultValue,
                    opt(m, "required").flatMap(n -> tree.bool(n, "required")).orElse(defaultValue.isEmpty()),
                    opt(m, "secret").flatMap(n -> tree.bool(n, "secret")).orElse(false),
                    opt(m, "values").map(n -> tree.texts(n, "values")).orElse(List.of()),
                    text(m, "description").orElse(""), tree.position(items.get(i))));
        }
        return out;
    }

    private String required(Map<String, Node> m, String key, Node item, String what, String fix) {
        Optional<String> value = text(m, key).map(String::strip);
        if (value.isEmpty() || value.get().isEmpty()) {
            tree.findings().at(tree.position(m.getOrDefault(key, item)), Rule.MISSING_FIELD,
                    what + " has no " + key + ": " + fix);
            return "";
        }
        return value.get();
    }

    private Optional<Node> opt(Map<String, Node> m, String key) {
        return Optional.ofNullable(m.get(key));
    }

    private Optional<String> text(Map<String, Node> m, String key) {
        return opt(m, key).flatMap(n -> tree.text(n, key));
    }
}
