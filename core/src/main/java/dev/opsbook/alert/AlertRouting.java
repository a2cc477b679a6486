package dev.opsbook.alert;

import dev.opsbook.runbook.Runbook;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which runbook answers an alert. The rules, in order (the first that names a runbook wins):
 * <ol>
 *   <li>the {@code runbook_url} annotation names a runbook page: its last path segment, without {@code .html} or
 *       {@code .md}, is a runbook's id or file name ({@code https://ops.example.com/runbooks/orders-db.html});</li>
 *   <li>the {@code runbook} label is a runbook's id;</li>
 *   <li>a runbook lists the alert's name ({@code alertname}) in its front matter {@code alerts:};</li>
 *   <li>the {@code service} label equals a runbook's {@code service} (the runbook with the smallest id when several do).</li>
 * </ol>
 */
public final class AlertRouting {
    public static final String BY_URL = "runbook_url";
    public static final String BY_LABEL = "runbook label";
    public static final String BY_ALERTS = "alerts";
    public static final String BY_SERVICE = "service label";

    private AlertRouting() {}

    public static Optional<RunbookMatch> match(Alert alert, List<Runbook> runbooks) {
        List<Runbook> sorted = runbooks.stream().sorted(Comparator.comparing(Runbook::id)).toList();
        Optional<String> page = alert.runbookUrl().flatMap(AlertRouting::pageName);
        return page.flatMap(p -> first(sorted, rb -> rb.id().equals(p) || fileName(rb).equals(p)).map(rb -> new RunbookMatch(rb, BY_URL)))
                .or(() -> alert.label("runbook").flatMap(id -> first(sorted, rb -> rb.id().equals(id)))
                        .map(rb -> new RunbookMatch(rb, BY_LABEL)))
                .or(() -> first(sorted, rb -> rb.alerting().names().contains(alert.name())).map(rb -> new RunbookMatch(rb, BY_ALERTS)))
                .or(() -> alert.label("service").flatMap(s -> first(sorted, rb -> rb.service().equals(s)))
                        .map(rb -> new RunbookMatch(rb, BY_SERVICE)));
    }

    /** The page a runbook URL names: {@code orders-db} for {@code …/runbooks/orders-db.html#restore}. */
    static Optional<String> pageName(String url) {
        String path;
        try {
            URI uri = new URI(url.strip());
            path = uri.getPath() != null ? uri.getPath() : uri.getSchemeSpecificPart();
        } catch (URISyntaxException e) {
            path = url.strip();
            int cut = path.indexOf('#');
            path = cut >= 0 ? path.substring(0, cut) : path;
        }
        if (path == null) {
            return Optional.empty();
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        String lower = last.toLowerCase(Locale.ROOT);
        for (String ext : List.of(".html", ".htm", ".md")) {
            if (lower.endsWith(ext)) {
                last = last.substring(0, last.length() - ext.length());
                break;
            }
        }
        return last.isBlank() ? Optional.empty() : Optional.of(last);
    }

    private static String fileName(Runbook rb) {
        Path file = Path.of(rb.path()).getFileName();
        String name = file == null ? "" : file.toString();
        return name.endsWith(".md") ? name.substring(0, name.length() - 3) : name;
    }

    private static Optional<Runbook> first(List<Runbook> runbooks, Predicate<Runbook> test) {
        return runbooks.stream().filter(test).findFirst();
    }
}
