package dev.opsbook.site;

import dev.opsbook.runbook.Durations;
import dev.opsbook.runbook.LintFinding;
import dev.opsbook.runbook.Person;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Formatting shared by the page views: times in UTC, durations in runbook syntax, people, findings. */
final class Pages {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Pages() {}

    static String time(Instant t) {
        return TIME.format(t);
    }

    /** Runbook duration syntax; at a second or more, rounded to whole seconds ({@code 1m4s968ms} → {@code 1m5s}). */
    static String duration(Optional<Duration> d) {
        return d.map(x -> x.compareTo(Duration.ofSeconds(1)) >= 0 ? Duration.ofSeconds(Math.round(x.toMillis() / 1000.0)) : x)
                .map(Durations::format).orElse("—");
    }

    static String person(Person p) {
        String name = p.name().isBlank() || p.name().equals(p.id()) ? p.id() : p.name() + " (" + p.id() + ")";
        return name;
    }

    static String people(List<Person> people) {
        return people.isEmpty() ? "" : people.stream().map(Pages::person).collect(Collectors.joining(", "));
    }

    static List<Scope> lint(List<LintFinding> findings) {
        return findings.stream().map(f -> Scope.of("severity", f.severity().label(), "where",
                f.position().line() + ":" + f.position().column(), "message", f.message(), "rule", f.rule())).toList();
    }

    static List<Scope> policy(List<PolicyFinding> findings) {
        return findings.stream().map(f -> Scope.of("severity", f.label(), "message", f.message(),
                "rule", f.rule(), "next", f.next().orElse(null))).toList();
    }

    /** The common scope of every page: relative root, title, active nav item, canonical URL. */
    static Scope page(SiteBuild build, String root, String path, String title, String nav) {
        return Scope.of("root", root, "title", title, "nav_" + nav, true,
                "canonical", build.baseUrl().map(b -> b + path).orElse(null));
    }
}
