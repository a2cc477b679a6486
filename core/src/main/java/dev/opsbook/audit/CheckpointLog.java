package dev.opsbook.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The checkpoint log: a file outside the database, one signed {@link Checkpoint} per line, appended
 * (under a file lock, so several opsbook processes may share it, and forced to disk) and never rewritten
 * by opsbook. Put it where the database's users cannot write (another host's volume, a write-once bucket
 * synced from it); its lines are also mirrored to chat where an alert channel is configured.
 */
public final class CheckpointLog {
    private final Path file;

    public CheckpointLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public void append(Checkpoint checkpoint) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                 FileLock lock = ch.lock()) {
                ch.write(ByteBuffer.wrap((checkpoint.toJson() + "\n").getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the audit checkpoint log " + file + ": " + e.getMessage(), e);
        }
    }

    /** A line of the log: its number (from 1) and the checkpoint, or empty when the line is damaged. */
    public record Entry(int line, Optional<Checkpoint> checkpoint) {}

    /** Every line, in order; no file is an empty log. */
    public List<Entry> read() {
        List<Entry> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).isBlank()) {
                    out.add(new Entry(i + 1, Checkpoint.parse(lines.get(i))));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit checkpoint log " + file + ": " + e.getMessage(), e);
        }
    }
}
