package dev.opsbook.site.search;

import java.util.List;

/**
 * What search knows about one runbook page. The indexed fields are title, service, owners, step ids,
 * headings and body; {@code href} is relative to the site root; {@code parts} feed result snippets.
 */
public record SearchDocument(String page, String href, String title, String service, String owners, String steps,
                             String headings, String body, List<SearchText.Part> parts) {
    public SearchDocument {
        parts = List.copyOf(parts);
    }
}
