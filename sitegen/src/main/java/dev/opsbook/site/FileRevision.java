package dev.opsbook.site;

import java.time.OffsetDateTime;

/** The last commit that changed a file, and the file's path inside the repository. */
public record FileRevision(String commit, OffsetDateTime committed, String repoPath) {}
