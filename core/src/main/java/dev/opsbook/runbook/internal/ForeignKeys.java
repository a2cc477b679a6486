package dev.opsbook.runbook.internal;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Front matter keys of the tools whose Markdown teams bring along: Hugo (with the Book and Docsy
 * themes), MkDocs (Material), Docusaurus, Jekyll and Runme. Outside the strict policy they are known
 * keys: kept out of the model, never an {@code unknown-key} warning.
 */
final class ForeignKeys {
    static final Set<String> HUGO = Set.of("title", "linkTitle", "date", "lastmod", "publishDate", "expiryDate",
            "draft", "weight", "description", "summary", "tags", "categories", "keywords", "aliases", "slug", "url",
            "type", "layout", "menu", "toc", "images", "series", "author", "authors", "params", "cascade", "outputs",
            "resources", "sitemap", "markup", "headless", "isCJKLanguage", "translationKey", "build",
            "bookHidden", "bookCollapseSection", "bookFlatSection", "bookToc", "bookComments", "bookSearchExclude",
            "bookHref", "geekdocHidden", "no_list", "hide_summary", "simple_list");
    static final Set<String> MKDOCS = Set.of("title", "description", "template", "hide", "search", "tags", "status",
            "icon", "subtitle", "authors", "date", "comments", "render_macros");
    static final Set<String> DOCUSAURUS = Set.of("id", "title", "sidebar_label", "sidebar_position",
            "sidebar_class_name", "sidebar_custom_props", "hide_title", "hide_table_of_contents",
            "toc_min_heading_level", "toc_max_heading_level", "pagination_label", "pagination_next", "pagination_prev",
            "custom_edit_url", "parse_number_prefixes", "description", "keywords", "image", "slug", "tags", "draft",
            "unlisted", "last_update", "displayed_sidebar");
    static final Set<String> JEKYLL = Set.of("layout", "permalink", "published", "categories", "tags", "excerpt");
    /** Runme's document keys ({@code runme: {id, version}}, {@code shell}, {@code cwd}, ...). */
    static final Set<String> RUNME = Set.of("runme", "shell", "cwd", "skipPrompts", "category", "terminalRows", "tag");
    static final Set<String> ALL = Stream.of(HUGO, MKDOCS, DOCUSAURUS, JEKYLL, RUNME).flatMap(Set::stream)
            .collect(Collectors.toUnmodifiableSet());

    private ForeignKeys() {}
}
