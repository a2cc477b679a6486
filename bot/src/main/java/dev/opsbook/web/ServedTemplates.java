package dev.opsbook.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The site's page head as the server serves it: the bundled {@code layout-head.mustache} plus the server's own links
 * (the dashboard stylesheet, "Runs" and "People" in the navigation, "Run…" on runbook pages, sign-out). Written into a template
 * override folder so generated pages and the server's own pages share one look.
 */
final class ServedTemplates {
    static final String BUNDLED = "dev/opsbook/site/templates/";

    private ServedTemplates() {}

    /** Writes the served {@code layout-head.mustache} into {@code dir}; returns {@code dir}. */
    static Path write(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("layout-head.mustache"), layoutHead(bundled("layout-head.mustache")));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the served templates into " + dir + ": " + e.getMessage(), e);
        }
    }

    static String layoutHead(String bundled) {
        return insertBefore(insertBefore(insertAfter(bundled, "assets/site.css\">",
                                "\n<link rel=\"stylesheet\" href=\"/web-assets/web.css\">"),
                        "</nav>", "  <a href=\"/runs\"{{#nav_runs}} aria-current=\"page\"{{/nav_runs}}>Runs</a>\n"
                                + "  <a href=\"/incidents\"{{#nav_incidents}} aria-current=\"page\"{{/nav_incidents}}>Incidents</a>\n"
                                + "  <a href=\"/people\"{{#nav_people}} aria-current=\"page\"{{/nav_people}}>People</a>\n  "),
                "</header>", "  <div class=\"web-actions\">{{#rb}}<a class=\"run-button\" href=\"/runbooks/{{id}}/run\">▶ Run…</a>{{/rb}}"
                        + "{{^signing_in}}<a class=\"sign-out\" href=\"/sign-out\">{{#web_user}}{{web_user}} · {{/web_user}}Sign out</a>"
                        + "{{/signing_in}}</div>\n");
    }

    static String bundled(String name) {
        try (InputStream in = ServedTemplates.class.getClassLoader().getResourceAsStream(BUNDLED + name)) {
            if (in == null) {
                throw new IllegalStateException("the bundled template " + name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String insertBefore(String text, String marker, String insert) {
        int at = text.indexOf(marker);
        if (at < 0) {
            throw new IllegalStateException("layout-head.mustache has no " + marker + " to add the server's links to");
        }
        return text.substring(0, at) + insert + text.substring(at);
    }

    private static String insertAfter(String text, String marker, String insert) {
        int at = text.indexOf(marker);
        if (at < 0) {
            throw new IllegalStateException("layout-head.mustache has no " + marker + " to add the server's links to");
        }
        return text.substring(0, at + marker.length()) + insert + text.substring(at + marker.length());
    }
}
