package dev.opsbook.site;

import dev.opsbook.runbook.ParsedRunbook;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.site.history.RunbookHistory;
import dev.opsbook.site.search.SearchDocument;
import dev.opsbook.site.search.ShardIndexer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the site derives from one runbook entry alone: content fingerprints, its search document and
 * its rows on the summary pages (each with a fingerprint). Kept between builds by {@link SiteGenerator}
 * while the entry's inputs are the same objects (or equal), so an incremental build touches only what changed.
 */
record Derived(
        ParsedRunbook parsed,
        String page,
        List<PolicyFinding> policy,
        Optional<RunbookHistory> history,
        Optional<FileRevision> revision,
        String parsedFp,
        String factsFp,
        SearchDocument document,
        ShardIndexer.Terms terms,
        String documentFp,
        Map<String, Row> rows) {

    /** A page row, the fingerprint of what it shows, and that fingerprint's first 64 bits (for cheap page signatures). */
    record Row(Scope scope, String fp, long key) {
        static Row of(Scope scope) {
            String fp = Fingerprint.of(scope);
            return new Row(scope, fp, Long.parseUnsignedLong(fp.substring(0, 16), 16));
        }
    }

    boolean validFor(RunbookEntry e) {
        return parsed == e.parsed() && page.equals(e.page()) && policy.equals(e.policy())
                && history.equals(e.history()) && revision.equals(e.revision());
    }

    static Derived of(RunbookEntry e) {
        String parsedFp = parsedFingerprint(e.parsed());
        SearchDocument doc = SearchPages.document(e);
        return new Derived(e.parsed(), e.page(), e.policy(), e.history(), e.revision(), parsedFp,
                Fingerprint.of(e.policy(), e.history(), e.revision()), doc, ShardIndexer.terms(doc),
                Fingerprint.of(parsedFp, e.page(), doc.href()), AggregateViews.rows(e));
    }

    /**
     * A runbook from the parser carries the SHA-256 of its file, and the model is a function of those bytes,
     * so path + digest + findings identify it. Models built without a digest (all zeros) are hashed in full.
     */
    static String parsedFingerprint(ParsedRunbook p) {
        Optional<String> sha = p.runbook().map(Runbook::sha256).filter(s -> !s.isBlank() && !s.chars().allMatch(c -> c == '0'));
        List<String> findings = p.findings().stream().map(f -> f.format()).toList();
        return sha.isPresent() ? Fingerprint.of(p.path(), sha.get(), findings) : Fingerprint.of(p);
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(page);
    }
}
