package dev.opsbook.site.markdown;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the block syntax of other documentation tools into what the renderer reads, before parsing:
 * MkDocs content tabs ({@code === "Linux"} with content indented four spaces) become a bold label followed by
 * their content, de-indented, so that the code in a tab is a code block, not indented text; Docusaurus
 * admonitions ({@code :::caution ... :::}) and Hugo's hint/notice/alert/callout shortcodes
 * ({@code {{< hint warning >}} ... {{< /hint >}}}) become MkDocs-style ones ({@code !!! caution}), which the
 * admonition extension renders. Lines inside fenced code blocks are left alone.
 */
final class ForeignSyntax {
    private static final Pattern TAB = Pattern.compile("^(===|===!|===\\+)\\s+\"([^\"]*)\"\\s*$");
    private static final Pattern DOCUSAURUS_OPEN = Pattern.compile("^:::(note|tip|info|caution|warning|danger)(?:\\[(.*)]|\\s+(.*))?\\s*$");
    private static final Pattern HUGO_OPEN = Pattern.compile("^\\{\\{[<%]\\s*(hint|notice|alert|callout)\\s*(\\w+)?[^}]*[>%]}}\\s*$");
    private static final Pattern HUGO_CLOSE = Pattern.compile("^\\{\\{[<%]\\s*/(hint|notice|alert|callout)\\s*[>%]}}\\s*$");
    private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(```+|~~~+)");

    private ForeignSyntax() {}

    static String normalize(String markdown) {
        if (!markdown.contains("===") && !markdown.contains(":::") && !markdown.contains("{{")) {
            return markdown;
        }
        String[] lines = markdown.split("\n", -1);
        List<String> out = new ArrayList<>(lines.length);
        String fence = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher f = FENCE.matcher(line);
            if (fence != null) {
                out.add(line);
                if (f.find() && f.group(1).startsWith(fence)) {
                    fence = null;
                }
                continue;
            }
            if (f.find()) {
                fence = f.group(1);
                out.add(line);
                continue;
            }
            Matcher tab = TAB.matcher(line);
            if (tab.matches()) {
                out.add("**" + tab.group(2).replace("*", "\\*") + "**");
                out.add("");
                while (i + 1 < lines.length && (lines[i + 1].isBlank() || lines[i + 1].startsWith("    ") || lines[i + 1].startsWith("\t"))) {
                    String next = lines[++i];
                    out.add(next.startsWith("\t") ? next.substring(1) : next.startsWith("    ") ? next.substring(4) : next);
                }
                out.add("");
                continue;
            }
            Matcher adm = DOCUSAURUS_OPEN.matcher(line);
            if (adm.matches()) {
                String title = adm.group(2) != null ? adm.group(2) : adm.group(3);
                out.add("!!! " + adm.group(1) + (title == null || title.isBlank() ? "" : " \"" + title.replace("\"", "'") + "\""));
                while (i + 1 < lines.length && !lines[i + 1].strip().equals(":::")) {
                    String next = lines[++i];
                    out.add(next.isBlank() ? "" : "    " + next);
                }
                i++; // the closing :::
                out.add("");
                continue;
            }
            Matcher hugo = HUGO_OPEN.matcher(line);
            if (hugo.matches()) {
                String kind = hugo.group(2) == null ? "note" : hugo.group(2);
                out.add("!!! " + (kind.equals("info") || kind.equals("default") ? "note" : kind));
                while (i + 1 < lines.length && !HUGO_CLOSE.matcher(lines[i + 1]).matches()) {
                    String next = lines[++i];
                    out.add(next.isBlank() ? "" : "    " + next);
                }
                i++; // the closing shortcode
                out.add("");
                continue;
            }
            out.add(line);
        }
        return String.join("\n", out);
    }
}
