package dev.opsbook.runbook;

/** A versioned config or manifest this procedure depends on: a repository path or a URL. */
public record Link(String title, String target, SourcePosition position) {
    public boolean isUrl() {
        return target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
    }
}
