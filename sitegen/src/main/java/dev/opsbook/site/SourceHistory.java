package dev.opsbook.site;

import java.util.Optional;

/** Where a runbook file last changed. Absent when the file is not under version control. */
@FunctionalInterface
public interface SourceHistory {
    SourceHistory NONE = path -> Optional.empty();

    /** {@code path} is the runbook path as parsed (relative to the working directory or absolute). */
    Optional<FileRevision> lastChange(String path);
}
