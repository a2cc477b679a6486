package dev.opsbook.runbook.internal;

import com.vladsch.flexmark.ast.FencedCodeBlock;
import com.vladsch.flexmark.ast.Heading;
import com.vladsch.flexmark.ext.yaml.front.matter.YamlFrontMatterBlock;
import com.vladsch.flexmark.ext.yaml.front.matter.YamlFrontMatterExtension;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.ast.Node;
import com.vladsch.flexmark.util.ast.NodeVisitor;
import com.vladsch.flexmark.util.ast.TextCollectingVisitor;
import com.vladsch.flexmark.util.ast.VisitHandler;
import com.vladsch.flexmark.util.data.MutableDataSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The parts of a Markdown runbook opsbook reads, found with Flexmark: the front matter block,
 * headings and fenced code blocks, each with its character offset in the text.
 */
public record MarkdownOutline(Optional<FrontMatterBlock> frontMatter, List<Heading> headings, List<Fence> fences) {

    /**
     * The YAML between the {@code ---} lines; {@code contentStart} is the offset of its first line,
     * {@code end} the offset just after the closing line.
     */
    public record FrontMatterBlock(int start, int contentStart, String yaml, int end, boolean terminated) {}

    public record Heading(int level, String title, int offset) {}

    /** A fenced code block; {@code infoOffset} is where its info string starts. */
    public record Fence(String info, int infoOffset, String code, int offset, boolean closed) {}

    private static final Pattern END = Pattern.compile("^(-{3}|\\.{3})\\s*$");
    private static final Parser PARSER = Parser.builder(new MutableDataSet()
            .set(Parser.EXTENSIONS, List.of(YamlFrontMatterExtension.create()))
            .toImmutable()).build();

    public static MarkdownOutline of(String text) {
        String tamed = LongRules.tame(text);
        Node document = PARSER.parse(tamed);
        List<Heading> headings = new ArrayList<>();
        List<Fence> fences = new ArrayList<>();
        FrontMatterBlock[] frontMatter = new FrontMatterBlock[1];
        new NodeVisitor(
                new VisitHandler<>(YamlFrontMatterBlock.class, b -> frontMatter[0] = frontMatter(text, b)),
                new VisitHandler<>(com.vladsch.flexmark.ast.Heading.class, h -> headings.add(new Heading(
                        h.getLevel(), new TextCollectingVisitor().collectAndGetText(h).strip(), h.getStartOffset()))),
                new VisitHandler<>(FencedCodeBlock.class, f -> fences.add(new Fence(
                        f.getInfo().toString(), f.getInfo().isEmpty() ? f.getStartOffset() : f.getInfo().getStartOffset(),
                        LongRules.original(f.getContentChars(), text, tamed), f.getStartOffset(),
                        !f.getClosingMarker().isEmpty())))
        ).visit(document);
        return new MarkdownOutline(Optional.ofNullable(frontMatter[0]), headings, fences);
    }

    private static FrontMatterBlock frontMatter(String text, YamlFrontMatterBlock block) {
        int start = block.getStartOffset();
        int end = Math.min(block.getEndOffset(), text.length());
        int firstLineEnd = text.indexOf('\n', start);
        int contentStart = firstLineEnd < 0 || firstLineEnd >= end ? end : firstLineEnd + 1;
        int trimmedEnd = end;
        while (trimmedEnd > contentStart && (text.charAt(trimmedEnd - 1) == '\n' || text.charAt(trimmedEnd - 1) == '\r')) {
            trimmedEnd--;
        }
        int lastLineStart = text.lastIndexOf('\n', trimmedEnd - 1) + 1;
        boolean terminated = lastLineStart >= contentStart
                && END.matcher(text.substring(lastLineStart, trimmedEnd)).matches();
        String yaml = terminated ? text.substring(contentStart, lastLineStart) : text.substring(contentStart, end);
        int after = terminated ? text.indexOf('\n', lastLineStart) : -1;
        return new FrontMatterBlock(start, contentStart, yaml, after < 0 ? end : after + 1, terminated);
    }
}
