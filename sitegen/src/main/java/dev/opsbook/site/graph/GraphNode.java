package dev.opsbook.site.graph;

/** A service in the dependency graph; {@code href} is empty for a dependency that has no runbook. */
public record GraphNode(String name, String href, String status) {}
