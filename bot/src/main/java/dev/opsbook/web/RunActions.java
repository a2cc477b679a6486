package dev.opsbook.web;

import dev.opsbook.chat.CastVote;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatStatus;
import dev.opsbook.chat.Decision;
import dev.opsbook.chat.Requester;
import dev.opsbook.chat.RunControl;
import dev.opsbook.chat.StartRun;
import dev.opsbook.chatops.EngineRunbookOperations;
import dev.opsbook.chatops.RunStartAnswer;
import dev.opsbook.reload.RunbookLibrary;
import dev.opsbook.runbook.Runbook;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.view.RedirectView;

/**
 * The dashboard's entry points: the start form of a runbook ({@code /runbooks/{id}/run}: start or dry-run), and
 * approve, reject, cancel and roll back on a run. Every action goes through {@link EngineRunbookOperations} as the
 * signed-in {@link WebRequester} — the same runner checks, approval policy and audit as chat and the command line —
 * and its answer (a refusal included) is shown on the page. The form offers "Start run" only to those who may run the
 * runbook (others see why and where that is changed, and can still dry-run), and a refused or dry-run form keeps
 * what the user chose.
 */
@RestController
final class RunActions {
    private final EngineRunbookOperations operations;
    private final RunbookLibrary library;
    private final WebPages pages;
    private final WebRequester requesters;

    RunActions(EngineRunbookOperations operations, RunbookLibrary library, WebPages pages, WebRequester requesters) {
        this.operations = operations;
        this.requesters = requesters;
        this.library = library;
        this.pages = pages;
    }

    @GetMapping(value = "/runbooks/{id}/run", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> form(@PathVariable String id, Authentication user, CsrfToken csrf) {
        return form(id, user, csrf, Optional.empty(), Optional.empty(), Map.of(), 200);
    }

    @PostMapping(value = "/runbooks/{id}/run", produces = MediaType.TEXT_HTML_VALUE)
    Object start(@PathVariable String id, @RequestParam MultiValueMap<String, String> form, Authentication user,
                 CsrfToken csrf) {
        Map<String, String> params = new LinkedHashMap<>();
        form.forEach((k, v) -> {
            if (k.startsWith("param.") && !v.isEmpty() && !v.getFirst().isEmpty()) {
                params.put(k.substring("param.".length()), v.getFirst());
            }
        });
        String procedure = Optional.ofNullable(form.getFirst("procedure")).orElse("");
        boolean dryRun = "dry-run".equals(form.getFirst("action"));
        RunStartAnswer answer = operations.launch(new StartRun(id, Optional.of(procedure), params, dryRun,
                requesters.of(user), WebRequester.DASHBOARD, Optional.ofNullable(form.getFirst("request")).orElse("")));
        if (answer.runId().isPresent()) {
            return new RedirectView("/runs/" + answer.runId().get().value(), true);
        }
        return form(id, user, csrf, Optional.of(answer.reply()), Optional.of(procedure), params,
                refused(answer.reply()) ? 409 : 200);
    }

    @PostMapping("/runs/{id}/approve")
    RedirectView approve(@PathVariable String id, @RequestParam Optional<String> step, Authentication user,
                         RedirectAttributes flash) {
        return vote(id, step, Decision.APPROVE, Optional.empty(), user, flash);
    }

    @PostMapping("/runs/{id}/reject")
    RedirectView reject(@PathVariable String id, @RequestParam Optional<String> step, @RequestParam Optional<String> reason,
                        Authentication user, RedirectAttributes flash) {
        return vote(id, step, Decision.REJECT, reason, user, flash);
    }

    @PostMapping("/runs/{id}/cancel")
    RedirectView cancel(@PathVariable String id, Authentication user, RedirectAttributes flash) {
        return back(id, operations.control(new RunControl(RunControl.Kind.CANCEL, id, requesters.of(user),
                WebRequester.DASHBOARD)), flash);
    }

    @PostMapping("/runs/{id}/rollback")
    RedirectView rollBack(@PathVariable String id, Authentication user, RedirectAttributes flash) {
        RunStartAnswer answer = operations.rollBack(id, requesters.of(user), WebRequester.DASHBOARD);
        return back(answer.runId().map(r -> r.value()).orElse(id), answer.reply(), flash);
    }

    private RedirectView vote(String id, Optional<String> step, Decision decision, Optional<String> reason,
                              Authentication user, RedirectAttributes flash) {
        return back(id, operations.vote(new CastVote(id, step, decision, reason, requesters.of(user),
                WebRequester.DASHBOARD, CastVote.Source.WEB)), flash);
    }

    private static RedirectView back(String runId, ChatMessage reply, RedirectAttributes flash) {
        flash.addFlashAttribute("flash", plain(reply));
        flash.addFlashAttribute("flash_bad", refused(reply));
        return new RedirectView("/runs/" + runId, true);
    }

    private ResponseEntity<String> form(String id, Authentication user, CsrfToken csrf, Optional<ChatMessage> reply,
                                        Optional<String> procedure, Map<String, String> typed, int status) {
        Optional<Runbook> rb = library.runbooks().stream().filter(r -> r.id().equals(id)).findFirst();
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("title", rb.map(r -> "Run " + r.title()).orElse("No such runbook"));
        scope.put("root", "/");
        scope.put("web_user", user.getName());
        scope.put("csrf_name", csrf.getParameterName());
        scope.put("csrf_token", csrf.getToken());
        scope.put("request", UUID.randomUUID().toString());
        reply.ifPresent(r -> {
            scope.put("flash", plain(r));
            scope.put("flash_bad", refused(r));
            r.code().ifPresent(code -> scope.put("flash_code", code));
        });
        if (rb.isEmpty()) {
            scope.put("message", "There is no runbook " + id + " (or it has errors and never had a good version).");
            scope.put("bad", true);
            return ResponseEntity.status(404).contentType(MediaType.TEXT_HTML).body(pages.render("web-message.mustache", scope));
        }
        Requester requester = requesters.of(user);
        Optional<String> notAllowed = operations.runRefusal(requester, rb.get());
        scope.put("may_run", notAllowed.isEmpty());
        notAllowed.ifPresent(why -> scope.put("not_allowed", why));
        scope.put("admin", PeoplePages.admin(requester));
        scope.putAll(StartForm.of(rb.get(), procedure, typed));
        return ResponseEntity.status(status).contentType(MediaType.TEXT_HTML).body(pages.render("web-start.mustache", scope));
    }

    private static boolean refused(ChatMessage reply) {
        return reply.status().map(s -> s == ChatStatus.FAILED || s == ChatStatus.REJECTED).orElse(false)
                || reply.text().startsWith("Cannot") || reply.text().contains("does not count");
    }

    /** The reply without chat markup (backticks, asterisks), for a notice on the page; a code block is shown apart. */
    static String plain(ChatMessage reply) {
        StringBuilder s = new StringBuilder(reply.text().replace("`", "").replace("*", ""));
        for (ChatMessage.Field f : reply.fields()) {
            s.append("\n").append(f.label()).append(": ").append(f.value().replace("`", ""));
        }
        return s.toString();
    }
}
