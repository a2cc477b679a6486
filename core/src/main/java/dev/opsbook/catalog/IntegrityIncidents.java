package dev.opsbook.catalog;

/** Where integrity problems go besides the audit log (chat posts them as incidents). */
@FunctionalInterface
public interface IntegrityIncidents {
    IntegrityIncidents NONE = problem -> {};

    void raise(IntegrityProblem problem);
}
