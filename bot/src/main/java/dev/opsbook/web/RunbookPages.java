package dev.opsbook.web;

import dev.opsbook.chat.Requester;
import dev.opsbook.chatops.EngineRunbookOperations;
import dev.opsbook.reload.RunbookLibrary;
import dev.opsbook.runbook.Runbook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * A runbook's page of the living site as the signed-in person may use it: the generated page is the same for
 * everyone, so its "Run…" button is kept only for those the runner check would let run the runbook; everyone else
 * gets "Dry run…" and a line saying they may not run it (the start form says why and where that is changed).
 */
@RestController
final class RunbookPages {
    static final String RUN_BUTTON = "<a class=\"run-button\" href=\"/runbooks/%s/run\">▶ Run…</a>";

    private final LiveSite site;
    private final RunbookLibrary library;
    private final EngineRunbookOperations operations;
    private final WebRequester requesters;

    RunbookPages(LiveSite site, RunbookLibrary library, EngineRunbookOperations operations, WebRequester requesters) {
        this.site = site;
        this.library = library;
        this.operations = operations;
        this.requesters = requesters;
    }

    @GetMapping(value = "/runbooks/{id:[A-Za-z0-9][A-Za-z0-9_.-]*}.html", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> page(@PathVariable String id, Authentication user) throws IOException {
        Path file = site.directory().resolve("runbooks").resolve(id + ".html");
        if (!Files.isRegularFile(file)) {
            return ResponseEntity.notFound().build();
        }
        String html = Files.readString(file);
        Optional<Runbook> rb = library.runbooks().stream().filter(r -> r.id().equals(id)).findFirst();
        String button = RUN_BUTTON.formatted(HtmlUtils.htmlEscape(id));
        if (html.contains(button)) {
            Requester requester = requesters.of(user);
            boolean mayRun = rb.isPresent() && operations.runRefusal(requester, rb.get()).isEmpty();
            if (!mayRun) {
                String form = "/runbooks/" + HtmlUtils.htmlEscape(id) + "/run";
                html = html.replace(button, "<a class=\"run-button secondary\" href=\"" + form + "\">Dry run…</a>"
                        + "<span class=\"run-refused\">You may not run this runbook (<a href=\"" + form + "\">why</a>)</span>");
            }
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(MediaType.TEXT_HTML).body(html);
    }
}
