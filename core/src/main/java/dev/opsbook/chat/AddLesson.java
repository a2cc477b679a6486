package dev.opsbook.chat;

/** {@code /runbook lesson RUN text}: a lesson learned attached to a run (usually a drill) by {@code requester}. */
public record AddLesson(String runId, String text, Requester requester, ChatThread thread) {}
