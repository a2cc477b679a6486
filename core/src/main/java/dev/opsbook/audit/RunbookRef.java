package dev.opsbook.audit;

/** The exact runbook an action used: its id, the SHA-256 of the file and the git commit it came from ("" outside git). */
public record RunbookRef(String id, String sha256, String gitCommit) {}
