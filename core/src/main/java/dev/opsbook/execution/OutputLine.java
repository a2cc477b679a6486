package dev.opsbook.execution;

/** One redacted line of a step's output (stdout and stderr merged, in order). {@code truncated} counts dropped bytes. */
public record OutputLine(String text, long truncated) {}
