package dev.opsbook.runbook.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The checks made on a file's bytes before any parsing: size, emptiness, NUL bytes and UTF-8.
 * Returns the text, or records one finding and returns empty.
 */
final class FileCheck {
    private FileCheck() {}

    static Optional<String> text(String path, byte[] content, long maxBytes, java.util.function.Consumer<Problem> report) {
        if (content.length > maxBytes) {
            report.accept(new Problem(1, 1, Rule.FILE_TOO_LARGE, "the file is " + content.length + " bytes, more than "
                    + "the " + maxBytes + " a runbook may have: split it into several runbooks"));
            return Optional.empty();
        }
        for (int i = 0; i < content.length; i++) {
            if (content[i] == 0) {
                Problem at = at(content, i, Rule.BINARY_FILE,
                        "the file contains a NUL byte, so it is binary, not Markdown: lint only runbook .md files");
                report.accept(at);
                return Optional.empty();
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(content);
        CharBuffer out = CharBuffer.allocate(content.length + 1);
        CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            report.accept(at(content, in.position(), Rule.INVALID_ENCODING, "the byte at offset " + in.position()
                    + " (0x" + String.format("%02X", content[in.position()] & 0xff)
                    + ") is not valid UTF-8: save the file as UTF-8"));
            return Optional.empty();
        }
        decoder.flush(out);
        out.flip();
        String text = out.toString();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.isBlank()) {
            report.accept(new Problem(1, 1, Rule.EMPTY_FILE, "the file is empty: write a runbook (front matter "
                    + "between --- lines, then Markdown) or delete it"));
            return Optional.empty();
        }
        return Optional.of(text);
    }

    /** A problem at 1-based line and column, counting columns in characters of the valid prefix. */
    record Problem(int line, int column, Rule rule, String message) {}

    private static Problem at(byte[] content, int offset, Rule rule, String message) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (content[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        String prefix = new String(content, lineStart, offset - lineStart, StandardCharsets.UTF_8);
        return new Problem(line, prefix.length() + 1, rule, message);
    }
}
