package dev.opsbook.runbook.internal;

import dev.opsbook.runbook.Section;
import dev.opsbook.runbook.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Groups steps under headings: a section is a heading and every step up to the next heading of the
 * same or a higher level, so a step also belongs to the sections of the headings enclosing it.
 */
public final class Sections {
    private Sections() {}

    public static List<Section> of(MarkdownOutline outline, List<Step> steps, SourceText source) {
        List<MarkdownOutline.Heading> headings = outline.headings();
        List<Section> sections = new ArrayList<>();
        Map<String, Integer> slugs = new HashMap<>();
        for (int i = 0; i < headings.size(); i++) {
            MarkdownOutline.Heading h = headings.get(i);
            int end = Integer.MAX_VALUE;
            for (int j = i + 1; j < headings.size(); j++) {
                if (headings.get(j).level() <= h.level()) {
                    end = headings.get(j).offset();
                    break;
                }
            }
            int start = h.offset();
            int stop = end;
            List<Step> inside = steps.stream().filter(s -> {
                int offset = source.offset(s.position().line(), s.position().column());
                return offset > start && offset < stop;
            }).toList();
            sections.add(new Section(h.title(), unique(slug(h.title()), slugs), h.level(), inside, source.position(start)));
        }
        return sections;
    }

    /** GitHub's anchor rule: lower case, punctuation dropped, spaces to hyphens. */
    public static String slug(String title) {
        StringBuilder b = new StringBuilder();
        title.strip().toLowerCase(Locale.ROOT).codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                b.appendCodePoint(c);
            } else if (c == ' ') {
                b.append('-');
            }
        });
        return b.toString();
    }

    private static String unique(String slug, Map<String, Integer> seen) {
        Integer n = seen.get(slug);
        seen.merge(slug, 1, Integer::sum);
        return n == null ? slug : slug + "-" + n;
    }
}
