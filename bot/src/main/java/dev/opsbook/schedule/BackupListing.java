package dev.opsbook.schedule;

import dev.opsbook.catalog.BackupArtifact;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatStatus;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** {@code /runbook backups SERVICE}: the service's live catalogued backups, newest first, as one chat message. */
public final class BackupListing {
    static final int SHOWN = 20;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);

    private BackupListing() {}

    /** {@code artifacts} are the service's live artifacts, newest first (as the catalog lists them). */
    public static ChatMessage list(List<BackupArtifact> artifacts, String service) {
        if (artifacts.isEmpty()) {
            return ChatMessage.builder("No backups of `" + service + "` are catalogued. A backup step records its files by"
                    + " writing metadata into $OPSBOOK_ARTIFACTS (docs/backups.md).").status(ChatStatus.INFO).build();
        }
        long locked = artifacts.stream().filter(BackupArtifact::locked).count();
        long bytes = artifacts.stream().mapToLong(BackupArtifact::size).sum();
        String lines = artifacts.stream().limit(SHOWN).map(BackupListing::line).collect(Collectors.joining("\n"));
        String more = artifacts.size() > SHOWN ? "\n… and " + (artifacts.size() - SHOWN) + " older (opsbook backups "
                + service + " lists all)" : "";
        return ChatMessage.builder("*Backups of " + service + "*: " + artifacts.size() + " catalogued, newest first")
                .status(ChatStatus.INFO)
                .field("Newest", TIME.format(artifacts.getFirst().created()))
                .field("Total size", size(bytes))
                .field("Locked", Long.toString(locked))
                .code(lines + more)
                .build();
    }

    private static String line(BackupArtifact a) {
        return TIME.format(a.created()) + "  " + pad(size(a.size()), 9) + "  sha256 " + a.sha256().substring(0, 12)
                + "  " + pad(a.retentionClass(), 8) + (a.locked() ? "  LOCKED" : "        ") + "  " + a.id()
                + "\n    " + a.location();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
