package dev.opsbook.web;

import dev.opsbook.approval.ApprovalRequest;
import dev.opsbook.chat.Requester;
import dev.opsbook.chatops.EngineRunbookOperations;
import dev.opsbook.engine.Engine;
import dev.opsbook.runbook.Person;
import dev.opsbook.execution.Rollbacks;
import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunId;
import dev.opsbook.execution.StepExecution;
import dev.opsbook.reload.RunbookLibrary;
import dev.opsbook.runbook.Runbook;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The run pages: recent runs ({@code /runs}), one run ({@code /runs/{id}}) and its live event stream. */
@RestController
final class RunPages {
    private final Engine engine;
    private final RunbookLibrary library;
    private final RunFeeds feeds;
    private final WebPages pages;
    private final WebRequester requesters;
    private final EngineRunbookOperations operations;

    RunPages(Engine engine, RunbookLibrary library, RunFeeds feeds, WebPages pages, WebRequester requesters,
             EngineRunbookOperations operations) {
        this.engine = engine;
        this.requesters = requesters;
        this.operations = operations;
        this.library = library;
        this.feeds = feeds;
        this.pages = pages;
    }

    @GetMapping(value = "/runs", produces = MediaType.TEXT_HTML_VALUE)
    String runs(Authentication user) {
        List<Map<String, Object>> rows = engine.runs().recent(100).stream().map(r -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", r.id().value());
            row.put("runbook", r.runbook().id());
            row.put("target", r.target().describe());
            row.put("state", r.state().label());
            row.put("state_class", r.state().isActive() ? "running" : r.state().label().equals("succeeded") ? "ok" : "bad");
            row.put("requester", r.requester().userId() + " (" + r.requester().platform() + ")");
            row.put("created", r.createdAt().toString());
            return row;
        }).toList();
        return pages.render("web-runs.mustache", Map.of("title", "Runs", "root", "/", "nav_runs", true,
                "web_user", user.getName(), "runs", rows, "empty", rows.isEmpty()));
    }

    @GetMapping(value = "/runs/{id}", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> run(@PathVariable String id, Authentication user, CsrfToken csrf, Model model) {
        Optional<Run> run = find(id);
        if (run.isEmpty()) {
            return ResponseEntity.status(404).contentType(MediaType.TEXT_HTML).body(pages.render("web-message.mustache",
                    Map.of("title", "No such run", "root", "/", "web_user", user.getName(),
                            "message", "There is no run " + id + ".", "bad", true)));
        }
        Map<String, Object> scope = new LinkedHashMap<>(state(run.get()));
        scope.put("title", "Run " + id + " of " + scope.get("runbook_title"));
        scope.put("root", "/");
        scope.put("nav_runs", true);
        scope.put("web_user", user.getName());
        scope.put("csrf_name", csrf.getParameterName());
        scope.put("csrf_token", csrf.getToken());
        Object flash = model.getAttribute("flash");
        if (flash != null) {
            scope.put("flash", flash);
            scope.put("flash_bad", Boolean.TRUE.equals(model.getAttribute("flash_bad")));
        }
        scope.putAll(viewer(run.get(), requesters.of(user)));
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(pages.render("web-run.mustache", scope));
    }

    @GetMapping(value = "/runs/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<SseEmitter> events(@PathVariable String id) {
        Optional<Run> run = find(id);
        if (run.isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        List<String> steps = run.get().steps().stream().map(StepExecution::stepId).toList();
        return ResponseEntity.ok(feeds.subscribe(id, steps, () -> state(find(id).orElseThrow())));
    }

    /**
     * Which of the run's buttons this viewer could use, so the page offers only those: a vote needs them to be an
     * approver of the waiting step (not its requester, unless self-approval is allowed); cancel and roll back need
     * them to be a runner of the runbook (cancel also to have started the run). The server checks again on POST.
     */
    private Map<String, Object> viewer(Run run, Requester viewer) {
        String id = viewer.identity().id();
        Optional<Runbook> rb = library.runbooks().stream().filter(r -> r.id().equals(run.runbook().id())).findFirst();
        Optional<ApprovalRequest> open = engine.approvals().findOpen(run.id().value());
        List<String> approvers = open.map(ApprovalRequest::approvers)
                .orElseGet(() -> rb.map(r -> r.approvers().stream().map(Person::id).toList()).orElse(List.of()));
        boolean self = id.equals(run.requester().userId()) && !open.map(ApprovalRequest::allowSelfApproval)
                .orElseGet(() -> rb.map(r -> r.approval().allowSelfApproval()).orElse(false));
        boolean mayVote = !self && approvers.stream().anyMatch(a -> engine.directory().matches(id, a));
        boolean runner = rb.map(r -> operations.runRefusal(viewer, r).isEmpty()).orElse(false);
        return Map.of("may_vote", mayVote, "may_cancel", runner || id.equals(run.requester().userId()),
                "may_roll_back", runner,
                "show_vote", mayVote && Boolean.TRUE.equals(RunView.of(run, rb, open, false).get("can_vote")));
    }

    private Map<String, Object> state(Run run) {
        Optional<Runbook> runbook = library.runbooks().stream().filter(rb -> rb.id().equals(run.runbook().id())).findFirst();
        return RunView.of(run, runbook, engine.approvals().findOpen(run.id().value()),
                runbook.map(rb -> Rollbacks.refusal(run, rb).isEmpty()).orElse(false));
    }

    private Optional<Run> find(String id) {
        try {
            return engine.runs().find(new RunId(id));
        } catch (IllegalArgumentException notARunId) {
            return Optional.empty();
        }
    }
}
