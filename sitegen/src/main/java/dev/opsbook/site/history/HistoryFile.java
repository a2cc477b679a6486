package dev.opsbook.site.history;

import dev.opsbook.audit.AuditJson;
import dev.opsbook.audit.RecordedEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads run history from an audit export: JSON Lines, one {@link AuditJson} event per line; blank lines are skipped. */
public final class HistoryFile {
    private HistoryFile() {}

    /** Thrown with the file and line of the first line that is not a valid event. */
    public static final class InvalidHistoryException extends Exception {
        InvalidHistoryException(String message) {
            super(message);
        }
    }

    public static RunHistory read(Path file) throws IOException, InvalidHistoryException {
        List<RecordedEvent> events = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    events.add(AuditJson.fromLine(line));
                } catch (IllegalArgumentException | java.time.format.DateTimeParseException bad) {
                    throw new InvalidHistoryException(file + ":" + number + ": not an audit event: " + bad.getMessage()
                            + " (expected one JSON object per line, as written by `opsbook audit export`)");
                }
            }
        }
        return RunHistory.of(events);
    }
}
