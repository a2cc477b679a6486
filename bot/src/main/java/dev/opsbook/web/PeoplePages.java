package dev.opsbook.web;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.AuditLog;
import dev.opsbook.chat.Requester;
import dev.opsbook.jdbc.JdbcPeople;
import dev.opsbook.people.HomeDirectory;
import dev.opsbook.people.Member;
import dev.opsbook.people.PeopleDirectory;
import dev.opsbook.people.PeopleSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.view.RedirectView;

/**
 * The People page ({@code /people}): members of {@code @admin} see the one directory of people and groups (every
 * source, merged) and add people, change their chat accounts and web login, add them to and remove them from groups,
 * and remove them — changes go to the database part of the directory and are audited ({@code people.*}). Entries
 * from people.yaml or groups.properties are shown with their source and changed there. Everyone else sees who they
 * are to opsbook and their groups.
 */
@RestController
final class PeoplePages {
    static final String ADMIN_GROUP = "admin";

    private final WebRequester requesters;
    private final WebPages pages;
    private final AuditLog audit;
    private final Clock clock;

    PeoplePages(WebRequester requesters, WebPages pages, AuditLog audit, Clock clock) {
        this.requesters = requesters;
        this.pages = pages;
        this.audit = audit;
        this.clock = clock;
    }

    static boolean admin(Requester requester) {
        return requester.identity().inGroup(ADMIN_GROUP);
    }

    @GetMapping(value = "/people", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> page(Authentication user, CsrfToken csrf, org.springframework.ui.Model model) {
        Requester me = requesters.of(user);
        PeopleDirectory people = requesters.people();
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("title", "People and groups");
        scope.put("root", "/");
        scope.put("nav_people", true);
        scope.put("web_user", user.getName());
        scope.put("csrf_name", csrf.getParameterName());
        scope.put("csrf_token", csrf.getToken());
        scope.put("me", me.identity().id());
        scope.put("my_groups", String.join(", ", new java.util.TreeSet<>(me.identity().groups())));
        scope.put("people_file", people.sources().getFirst().describe());
        Object flash = model.getAttribute("flash");
        if (flash != null) {
            scope.put("flash", flash);
            scope.put("flash_bad", Boolean.TRUE.equals(model.getAttribute("flash_bad")));
        }
        boolean admin = admin(me);
        scope.put("admin", admin);
        if (admin) {
            JdbcPeople db = HomeDirectory.database(people);
            Map<String, Set<String>> dbGroups = new LinkedHashMap<>();
            db.people().forEach(m -> dbGroups.put(m.id(), m.groups()));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Member m : people.everyone()) {
                Set<String> editable = dbGroups.getOrDefault(m.id(), Set.of());
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", m.id());
                row.put("slack", m.accounts().getOrDefault("slack", ""));
                row.put("discord", m.accounts().getOrDefault("discord", ""));
                row.put("web", m.accounts().getOrDefault("web", ""));
                row.put("source", m.source());
                boolean self = m.id().equals(me.identity().id());
                row.put("groups", m.groups().stream().map(g -> Map.of("group", g, "removable", editable.contains(g)
                        && !(self && g.equals(ADMIN_GROUP)))).toList());
                row.put("removable_person", dbGroups.containsKey(m.id()) && !self);
                rows.add(row);
            }
            scope.put("people", rows);
            scope.put("group_list", people.groups().entrySet().stream().map(e -> Map.of("group", e.getKey(),
                    "members", String.join(", ", e.getValue()))).toList());
            scope.put("sources", people.sources().stream().map(PeopleSource::describe).toList());
            scope.put("problems", people.problems());
        }
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(pages.render("web-people.mustache", scope));
    }

    @PostMapping("/people")
    Object add(@RequestParam String id, @RequestParam Optional<String> slack, @RequestParam Optional<String> discord,
               @RequestParam Optional<String> web, @RequestParam Optional<String> groups, Authentication user,
               RedirectAttributes flash) {
        return change(user, flash, (db, actor) -> {
            List<String> gs = groups.map(g -> List.of(g.split("[,\\s]+"))).orElse(List.of()).stream()
                    .filter(g -> !g.isBlank()).map(Member::group).toList();
            Member person = new Member(id.strip(), accounts(slack, discord, web), Set.copyOf(gs), "the database");
            db.add(person, actor.userId(), clock.instant());
            audited(actor, AuditActions.PEOPLE_PERSON_ADDED, Map.of("person", person.id(),
                    "slack", person.accounts().getOrDefault("slack", ""), "discord", person.accounts().getOrDefault("discord", ""),
                    "web", person.accounts().getOrDefault("web", ""), "groups", String.join(",", person.groups())));
            return "Added " + person.id() + (gs.isEmpty() ? "" : " to " + String.join(", ", person.groups())) + ".";
        });
    }

    @PostMapping("/people/{id}/accounts")
    Object accounts(@PathVariable String id, @RequestParam Optional<String> slack, @RequestParam Optional<String> discord,
                    @RequestParam Optional<String> web, Authentication user, RedirectAttributes flash) {
        return change(user, flash, (db, actor) -> {
            Map<String, String> accounts = new Member(id, accounts(slack, discord, web), Set.of(), "").accounts();
            db.setAccounts(id, accounts, actor.userId(), clock.instant());
            audited(actor, AuditActions.PEOPLE_PERSON_CHANGED, Map.of("person", id, "slack", accounts.getOrDefault("slack", ""),
                    "discord", accounts.getOrDefault("discord", ""), "web", accounts.getOrDefault("web", "")));
            return "Saved the accounts of " + id + ".";
        });
    }

    @PostMapping("/people/{id}/groups")
    Object join(@PathVariable String id, @RequestParam String group, Authentication user, RedirectAttributes flash) {
        return change(user, flash, (db, actor) -> {
            String g = Member.group(group);
            if (!id.matches(Member.ID)) {
                throw new IllegalArgumentException("\"" + id + "\" is not an opsbook id");
            }
            if (!db.addMember(g, id, actor.userId(), clock.instant())) {
                return id + " already is in " + g + ".";
            }
            audited(actor, AuditActions.PEOPLE_MEMBER_ADDED, Map.of("person", id, "group", g));
            return "Added " + id + " to " + g + ". It counts at once, on every door (dashboard, chat, command line).";
        });
    }

    @PostMapping("/people/{id}/groups/remove")
    Object leave(@PathVariable String id, @RequestParam String group, Authentication user, RedirectAttributes flash) {
        return change(user, flash, (db, actor) -> {
            String g = Member.group(group);
            if (g.equals(ADMIN_GROUP) && id.equals(actor.userId())) {
                throw new IllegalStateException("you cannot remove yourself from " + ADMIN_GROUP
                        + " (you would lose this page); ask another admin");
            }
            if (!db.removeMember(g, id)) {
                throw new IllegalStateException(id + " is not in " + g + " in the database; a membership from "
                        + requesters.people().sources().getFirst().describe() + " is changed in that file");
            }
            audited(actor, AuditActions.PEOPLE_MEMBER_REMOVED, Map.of("person", id, "group", g));
            return "Removed " + id + " from " + g + ".";
        });
    }

    @PostMapping("/people/{id}/remove")
    Object remove(@PathVariable String id, Authentication user, RedirectAttributes flash) {
        return change(user, flash, (db, actor) -> {
            if (id.equals(actor.userId())) {
                throw new IllegalStateException("you cannot remove yourself; ask another admin");
            }
            if (!db.remove(id)) {
                throw new IllegalStateException(id + " is not in the database; people from "
                        + requesters.people().sources().getFirst().describe() + " are removed from that file");
            }
            audited(actor, AuditActions.PEOPLE_PERSON_REMOVED, Map.of("person", id));
            return "Removed " + id + " and their groups from the database.";
        });
    }

    private interface Change {
        String apply(JdbcPeople db, Actor actor);
    }

    /** Runs {@code change} for an admin and reports its outcome on the People page; anyone else gets 403. */
    private Object change(Authentication user, RedirectAttributes flash, Change change) {
        Requester me = requesters.of(user);
        if (!admin(me)) {
            return ResponseEntity.status(403).contentType(MediaType.TEXT_PLAIN)
                    .body("Only members of @" + ADMIN_GROUP + " change people and groups.");
        }
        Actor actor = new Actor(me.user().platform(), me.identity().id(), me.user().displayName());
        try {
            flash.addFlashAttribute("flash", change.apply(HomeDirectory.database(requesters.people()), actor));
            flash.addFlashAttribute("flash_bad", false);
        } catch (IllegalArgumentException | IllegalStateException e) {
            flash.addFlashAttribute("flash", "Nothing changed: " + e.getMessage());
            flash.addFlashAttribute("flash_bad", true);
        }
        return new RedirectView("/people", true);
    }

    private void audited(Actor actor, String action, Map<String, String> details) {
        audit.append(new AuditEvent(actor, action, Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), "ok",
                Optional.empty(), Optional.empty(), details));
    }

    private static Map<String, String> accounts(Optional<String> slack, Optional<String> discord, Optional<String> web) {
        Map<String, String> a = new LinkedHashMap<>();
        slack.map(String::strip).filter(s -> !s.isEmpty()).ifPresent(s -> a.put("slack", s));
        discord.map(String::strip).filter(s -> !s.isEmpty()).ifPresent(s -> a.put("discord", s));
        web.map(String::strip).filter(s -> !s.isEmpty()).ifPresent(s -> a.put("web", s));
        return a;
    }
}
