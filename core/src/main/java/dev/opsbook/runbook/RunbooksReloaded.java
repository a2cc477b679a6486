package dev.opsbook.runbook;

import java.util.Collection;
import java.util.List;

/**
 * The runbook directory was (re-)read: {@code runbooks} are the usable runbooks now (a runbook whose file has errors
 * is its last good version), {@code commit} the git HEAD of the runbook repository ("" outside git). Published by the
 * server at start and after every reload, for whoever derives state from runbooks (schedules, for one).
 */
public record RunbooksReloaded(List<Runbook> runbooks, String commit) {
    public RunbooksReloaded(Collection<Runbook> runbooks, String commit) {
        this(List.copyOf(runbooks), commit == null ? "" : commit);
    }
}
