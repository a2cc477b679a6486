package dev.opsbook.site.search;

import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.Section;
import dev.opsbook.site.markdown.FrontMatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Splits a runbook body into its sections as plain text (Markdown syntax removed) for indexing and snippets. */
public final class SearchText {
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern LINK = Pattern.compile("!?\\[([^\\]]*)]\\([^)]*\\)");
    private static final Pattern SYNTAX = Pattern.compile("[*`>|#~]+|(?<!\\w)_+|_+(?!\\w)|\\{[^}\\n]*}");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    /** A section of text: its heading (empty before the first heading), anchor slug and plain text. */
    public record Part(String title, String slug, String text) {}

    private SearchText() {}

    public static List<Part> parts(Runbook rb) {
        List<Part> parts = new ArrayList<>();
        String title = "";
        StringBuilder text = new StringBuilder();
        boolean fence = false;
        for (String line : FrontMatter.strip(rb.body()).split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("```") || trimmed.startsWith("~~~")) {
                fence = !fence;
                continue;
            }
            var m = fence ? null : HEADING.matcher(line);
            if (m != null && m.matches()) {
                add(parts, rb, title, text);
                title = m.group(2);
                text.setLength(0);
            } else {
                text.append(line).append('\n');
            }
        }
        add(parts, rb, title, text);
        return parts;
    }

    private static void add(List<Part> parts, Runbook rb, String title, StringBuilder raw) {
        String plain = SPACE.matcher(SYNTAX.matcher(LINK.matcher(raw).replaceAll("$1")).replaceAll(" ")).replaceAll(" ").strip();
        if (plain.isEmpty() && title.isEmpty()) {
            return;
        }
        String slug = rb.sections().stream().filter(s -> s.title().equals(title)).map(Section::slug).findFirst()
                .orElseGet(() -> title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", ""));
        parts.add(new Part(title, slug, plain));
    }
}
