package dev.opsbook.site.markdown;

/** Removes a leading YAML front matter block ({@code ---} … {@code ---} or {@code ...}) from Markdown text. */
public final class FrontMatter {
    private FrontMatter() {}

    public static String strip(String markdown) {
        String text = markdown.startsWith("\uFEFF") ? markdown.substring(1) : markdown;
        if (!(text.startsWith("---\n") || text.startsWith("---\r\n"))) {
            return text;
        }
        int lineStart = text.indexOf('\n') + 1;
        while (lineStart > 0 && lineStart < text.length()) {
            int end = text.indexOf('\n', lineStart);
            String line = (end < 0 ? text.substring(lineStart) : text.substring(lineStart, end)).stripTrailing();
            if (line.equals("---") || line.equals("...")) {
                return end < 0 ? "" : text.substring(end + 1);
            }
            lineStart = end + 1;
        }
        return text; // unterminated: the linter reports it; show the text as written
    }
}
