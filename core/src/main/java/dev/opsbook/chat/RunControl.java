package dev.opsbook.chat;

/**
 * Cancel or resume run {@code runId}, asked by {@code requester} from {@code thread}.
 */
public record RunControl(Kind kind, String runId, Requester requester, ChatThread thread) {
    public enum Kind { CANCEL, RESUME }

    public RunControl {
        if (kind == null || runId == null || runId.isBlank() || requester == null || thread == null) {
            throw new IllegalArgumentException("controlling a run needs a kind, a run id, a requester and a thread");
        }
    }
}
