package dev.opsbook.chat;

/** {@code /runbook timeline RUN|INCIDENT}: the postmortem draft, uploaded as a Markdown file into {@code thread}. */
public record ShowTimeline(String id, Requester requester, ChatThread thread) {}
