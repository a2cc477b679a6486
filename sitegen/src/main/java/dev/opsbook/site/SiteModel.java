package dev.opsbook.site;

import dev.opsbook.runbook.ParsedRunbook;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.site.history.RunbookHistory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Everything the pages are made from, computed once per build: entries, page names, services and who depends on whom. */
final class SiteModel {
    final List<RunbookEntry> entries;
    final Map<String, List<RunbookEntry>> byService;
    final Map<String, Set<String>> dependents;
    final boolean hasHistory;
    final Map<String, String> servicePage;

    private SiteModel(List<RunbookEntry> entries, boolean hasHistory) {
        this.entries = entries;
        this.hasHistory = hasHistory;
        Map<String, List<RunbookEntry>> services = new TreeMap<>();
        Map<String, Set<String>> users = new TreeMap<>();
        for (RunbookEntry e : entries) {
            services.computeIfAbsent(e.service(), k -> new ArrayList<>()).add(e);
            e.runbook().ifPresent(rb -> rb.dependsOn().forEach(d ->
                    users.computeIfAbsent(d, k -> new java.util.TreeSet<>()).add(e.service())));
        }
        this.byService = Collections.unmodifiableMap(services);
        Map<String, String> pages = new java.util.HashMap<>();
        services.forEach((k, v) -> pages.put(k, v.getFirst().page()));
        this.servicePage = pages;
        this.dependents = Collections.unmodifiableMap(users);
    }

    static SiteModel of(SiteBuild build) {
        Instant now = build.clock().instant();
        Set<String> taken = new HashSet<>();
        List<ParsedRunbook> sorted = new ArrayList<>(build.runbooks());
        sorted.sort(java.util.Comparator.comparing(ParsedRunbook::path));
        List<RunbookEntry> entries = new ArrayList<>(sorted.size());
        for (ParsedRunbook p : sorted) {
            String page = uniquePage(p, taken);
            Optional<Runbook> rb = p.runbook();
            Optional<RunbookHistory> history = build.history().map(h -> h.forRunbook(rb.map(Runbook::id).orElse(page)));
            List<PolicyFinding> policy = rb.filter(r -> p.kind().hasPolicy()).map(r -> ReadinessPolicy.check(r, history, now)).orElse(List.of());
            entries.add(new RunbookEntry(p, page, policy, history, build.sources().lastChange(p.path())));
        }
        return new SiteModel(List.copyOf(entries), build.history().isPresent());
    }

    /** The entries of a service name that has runbooks (for graph links), first by path. */
    Optional<RunbookEntry> firstOf(String service) {
        List<RunbookEntry> list = byService.get(service);
        return list == null ? Optional.empty() : Optional.of(list.getFirst());
    }

    Map<String, List<RunbookEntry>> byTier() {
        Map<String, List<RunbookEntry>> tiers = new TreeMap<>(SiteModel::tierOrder);
        for (RunbookEntry e : entries) {
            tiers.computeIfAbsent(e.tier(), k -> new ArrayList<>()).add(e);
        }
        Map<String, List<RunbookEntry>> out = new LinkedHashMap<>();
        tiers.forEach((k, v) -> {
            v.sort(java.util.Comparator.comparing(RunbookEntry::service).thenComparing(RunbookEntry::title));
            out.put(k, v);
        });
        return out;
    }

    private static int tierOrder(String a, String b) {
        if (a.isEmpty() != b.isEmpty()) {
            return a.isEmpty() ? 1 : -1;
        }
        return a.compareTo(b);
    }

    /** A file-name-safe page name: lower-case letters, digits, {@code . _ -}; other runs become one hyphen. */
    static String slug(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean hyphen = false;
        for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
            boolean ok = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-';
            if (ok && c != '-') {
                out.append(c);
                hyphen = false;
            } else if (!hyphen && !out.isEmpty()) {
                out.append('-');
                hyphen = true;
            }
        }
        String s = out.toString().replaceFirst("-+$", "");
        if (s.startsWith(".")) {
            s = "_" + s; // never a hidden file or ".."
        }
        return s.isEmpty() ? "runbook" : s.length() > 80 ? s.substring(0, 80) : s;
    }

    private static String uniquePage(ParsedRunbook p, Set<String> taken) {
        String base = slug(p.runbook().map(Runbook::id).filter(s -> !s.isBlank())
                .orElseGet(() -> Optional.ofNullable(java.nio.file.Path.of(p.path()).getFileName())
                        .map(Object::toString).orElse(p.path()).replaceFirst("\\.md$", "")));
        String name = base;
        for (int i = 2; !taken.add(name); i++) {
            name = base + "-" + i;
        }
        return name;
    }
}
