package dev.opsbook.runbook;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What the linter enforces beyond the format itself.
 *
 * @param requireApprovalsForDestructive failover and restore steps must declare {@code approvals}
 *     (a runbook can opt out with {@code approval.require_for_destructive: false})
 * @param checkLinks {@code links} entries naming repository files must exist
 * @param repositoryRoot where repository paths in {@code links} are resolved (besides the runbook's
 *     own directory); empty means the nearest enclosing directory holding {@code .git}, else the
 *     working directory
 * @param checkInterpreters warn when a step's interpreter is not on this machine's PATH (off by
 *     default: lint runs in CI, where runbook tools such as psql may be absent)
 * @param maxFileBytes larger files get one {@code file-too-large} finding and are not parsed
 * @param strict every file must be an opsbook runbook (front matter with id, title, service), as before
 *     documents without opsbook policy were read as docs-only pages: directories yield only files
 *     starting with {@code ---}, keys of static-site generators and Runme are unknown keys, and a
 *     Runme block without a name is a {@code missing-step-id} error
 */
public record LintPolicy(boolean requireApprovalsForDestructive, boolean checkLinks, Optional<Path> repositoryRoot,
                         boolean checkInterpreters, long maxFileBytes, boolean strict) {

    public static final long DEFAULT_MAX_FILE_BYTES = 2L * 1024 * 1024;
    public static final LintPolicy DEFAULTS = new LintPolicy(true, true, Optional.empty(), false, DEFAULT_MAX_FILE_BYTES, false);

    public LintPolicy withRequireApprovalsForDestructive(boolean require) {
        return new LintPolicy(require, checkLinks, repositoryRoot, checkInterpreters, maxFileBytes, strict);
    }

    public LintPolicy withCheckLinks(boolean check) {
        return new LintPolicy(requireApprovalsForDestructive, check, repositoryRoot, checkInterpreters, maxFileBytes, strict);
    }

    public LintPolicy withRepositoryRoot(Path root) {
        return new LintPolicy(requireApprovalsForDestructive, checkLinks, Optional.of(root), checkInterpreters, maxFileBytes, strict);
    }

    public LintPolicy withCheckInterpreters(boolean check) {
        return new LintPolicy(requireApprovalsForDestructive, checkLinks, repositoryRoot, check, maxFileBytes, strict);
    }

    public LintPolicy withMaxFileBytes(long max) {
        return new LintPolicy(requireApprovalsForDestructive, checkLinks, repositoryRoot, checkInterpreters, max, strict);
    }

    public LintPolicy withStrict(boolean strict) {
        return new LintPolicy(requireApprovalsForDestructive, checkLinks, repositoryRoot, checkInterpreters, maxFileBytes, strict);
    }
}
