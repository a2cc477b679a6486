package dev.opsbook.web;

import java.nio.file.Path;

/** Where the server keeps the living site ({@code OPSBOOK_HOME/site}) and its template overrides ({@code site-templates}). */
record SiteFolders(Path site, Path templates) {}
