package dev.opsbook.site.markdown;

import com.vladsch.flexmark.ext.admonition.AdmonitionExtension;
import com.vladsch.flexmark.ext.tables.TablesExtension;
import com.vladsch.flexmark.html.HtmlRenderer;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.ast.Document;
import com.vladsch.flexmark.util.data.MutableDataSet;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.Step;
import java.util.List;
import java.util.function.Function;

/**
 * Renders a runbook's Markdown body to HTML with Flexmark: front matter removed, raw HTML escaped
 * (runbooks are data, not page code), headings carrying their section slug as id, and every fenced
 * block that is a step replaced by the step card {@code stepCard} renders; MkDocs admonitions ({@code !!! note})
 * and content tabs and Docusaurus admonitions ({@code :::caution}) render as boxes and labelled blocks
 * ({@link ForeignSyntax}). Thread-safe.
 */
public final class RunbookMarkdown {
    private final Parser parser;
    private final HtmlRenderer renderer;

    public RunbookMarkdown() {
        MutableDataSet options = new MutableDataSet();
        options.set(Parser.EXTENSIONS, List.of(TablesExtension.create(), AdmonitionExtension.create()));
        options.set(HtmlRenderer.ESCAPE_HTML, true);
        options.set(HtmlRenderer.GENERATE_HEADER_ID, true);
        options.set(HtmlRenderer.RENDER_HEADER_ID, true);
        options.set(TablesExtension.CLASS_NAME, "md-table");
        parser = Parser.builder(options).build();
        renderer = HtmlRenderer.builder(options).nodeRendererFactory(new StepCardNodeRenderer.Factory()).build();
    }

    public String render(Runbook runbook, Function<Step, String> stepCard) {
        Document document = parser.parse(ForeignSyntax.normalize(FrontMatter.strip(runbook.body())));
        document.set(StepCardNodeRenderer.CONTEXT, java.util.Optional.of(new StepCardNodeRenderer.Context(runbook, stepCard)));
        return renderer.render(document);
    }
}
