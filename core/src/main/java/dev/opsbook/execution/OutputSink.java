package dev.opsbook.execution;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a step's output with bounded memory: splits it into lines of at most {@code maxLineBytes}
 * (longer lines are cut, the rest up to the next newline is dropped and counted), redacts each line,
 * appends it to the step's log file, keeps the last {@code tailLines} in a ring buffer and hands it
 * to the listener. Nothing unredacted leaves this class.
 */
final class OutputSink {
    private final Redactor redactor;
    private final Path logFile;
    private final int maxLineBytes;
    private final int tailLines;
    private final Consumer<OutputLine> listener;
    private final ArrayDeque<String> tail = new ArrayDeque<>();

    OutputSink(Redactor redactor, Path logFile, int maxLineBytes, int tailLines, Consumer<OutputLine> listener) {
        this.redactor = redactor;
        this.logFile = logFile;
        this.maxLineBytes = maxLineBytes;
        this.tailLines = tailLines;
        this.listener = listener;
    }

    /** Reads {@code in} to its end. */
    void drain(InputStream in) {
        try (BufferedWriter log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            byte[] buf = new byte[8192];
            byte[] line = new byte[maxLineBytes];
            int len = 0;
            long dropped = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b == '\n') {
                        emit(log, line, len, dropped);
                        len = 0;
                        dropped = 0;
                    } else if (len < maxLineBytes) {
                        line[len++] = b;
                    } else {
                        dropped++;
                    }
                }
            }
            if (len > 0 || dropped > 0) {
                emit(log, line, len, dropped);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or log step output (" + logFile + "): " + e.getMessage(), e);
        }
    }

    private void emit(BufferedWriter log, byte[] bytes, int len, long dropped) throws IOException {
        int end = len > 0 && bytes[len - 1] == '\r' ? len - 1 : len;
        String text = redactor.redact(new String(bytes, 0, end, StandardCharsets.UTF_8));
        log.write(text);
        if (dropped > 0) {
            log.write(" [... " + dropped + " more bytes on this line not kept]");
        }
        log.write('\n');
        synchronized (tail) {
            if (tail.size() == tailLines) {
                tail.removeFirst();
            }
            tail.addLast(text);
        }
        listener.accept(new OutputLine(text, dropped));
    }

    List<String> tail() {
        synchronized (tail) {
            return List.copyOf(tail);
        }
    }
}
