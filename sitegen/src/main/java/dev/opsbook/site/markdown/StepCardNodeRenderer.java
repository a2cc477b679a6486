package dev.opsbook.site.markdown;

import com.vladsch.flexmark.ast.FencedCodeBlock;
import com.vladsch.flexmark.ast.Heading;
import com.vladsch.flexmark.html.HtmlWriter;
import com.vladsch.flexmark.html.renderer.NodeRenderer;
import com.vladsch.flexmark.html.renderer.NodeRendererContext;
import com.vladsch.flexmark.html.renderer.NodeRendererFactory;
import com.vladsch.flexmark.html.renderer.NodeRenderingHandler;
import com.vladsch.flexmark.util.data.DataHolder;
import com.vladsch.flexmark.util.data.DataKey;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.Section;
import dev.opsbook.runbook.Step;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Replaces step code blocks by step cards and gives headings their section slug as id. */
final class StepCardNodeRenderer implements NodeRenderer {
    /** Per-document state; {@code usedSections} makes repeated heading titles take their own (unique) slugs. */
    record Context(Runbook runbook, Function<Step, String> stepCard, Set<Section> usedSections) {
        Context(Runbook runbook, Function<Step, String> stepCard) {
            this(runbook, stepCard, new java.util.HashSet<>());
        }
    }

    static final DataKey<Optional<Context>> CONTEXT = new DataKey<>("OPSBOOK_STEP_CARDS", Optional.empty());

    @Override
    public Set<NodeRenderingHandler<?>> getNodeRenderingHandlers() {
        return Set.of(new NodeRenderingHandler<>(FencedCodeBlock.class, this::code),
                new NodeRenderingHandler<>(Heading.class, this::heading));
    }

    private void code(FencedCodeBlock node, NodeRendererContext ctx, HtmlWriter html) {
        Optional<Context> context = CONTEXT.get(node.getDocument());
        String info = node.getInfo().toString();
        Optional<Step> step = context.flatMap(c -> match(c.runbook(), info, node.getContentChars().toString()));
        if (step.isPresent()) {
            html.raw(context.get().stepCard().apply(step.get()));
            html.line();
        } else {
            ctx.delegateRender();
        }
    }

    private static Optional<Step> match(Runbook runbook, String info, String code) {
        if (!InfoString.hasAttributes(info)) {
            return Optional.empty();
        }
        Optional<Step> byId = InfoString.stepId(info).flatMap(runbook::step);
        if (byId.isPresent()) {
            return byId;
        }
        String wanted = code.strip();
        return runbook.steps().stream().filter(s -> s.code().strip().equals(wanted)).findFirst();
    }

    private void heading(Heading node, NodeRendererContext ctx, HtmlWriter html) {
        Optional<Context> context = CONTEXT.get(node.getDocument());
        String text = node.getText().toString().strip();
        String id = context.flatMap(c -> c.runbook().sections().stream()
                        .filter(s -> s.title().equals(text) && !c.usedSections().contains(s)).findFirst()
                        .map(s -> {
                            c.usedSections().add(s);
                            return s.slug();
                        }))
                .orElseGet(() -> ctx.getNodeId(node));
        if (id != null && !id.isEmpty()) {
            html.attr("id", id);
        }
        html.srcPos(node.getText()).withAttr().tag("h" + node.getLevel());
        ctx.renderChildren(node);
        if (id != null && !id.isEmpty()) {
            html.raw("<a class=\"anchor\" href=\"#" + id + "\" aria-label=\"Link to this section\">#</a>");
        }
        html.tag("/h" + node.getLevel());
        html.line();
    }

    static final class Factory implements NodeRendererFactory {
        @Override
        public NodeRenderer apply(DataHolder options) {
            return new StepCardNodeRenderer();
        }
    }

}
