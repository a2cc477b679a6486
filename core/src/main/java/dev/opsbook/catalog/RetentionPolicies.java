package dev.opsbook.catalog;

import dev.opsbook.runbook.DataSource;
import dev.opsbook.runbook.Runbook;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Each service's retention, from the {@code retention:} of the data sources of its runbooks (several: the
 * longest-keeping one wins). A service with a retention that cannot be read gets none (its backups are
 * kept) and a problem saying why; a service that declares none is not in {@link #byService}.
 */
public record RetentionPolicies(Map<String, RetentionPolicy> byService, List<String> problems) {
    public RetentionPolicies {
        byService = java.util.Collections.unmodifiableMap(new TreeMap<>(byService));
        problems = List.copyOf(problems);
    }

    public static RetentionPolicies of(Collection<Runbook> runbooks) {
        TreeMap<String, RetentionPolicy> policies = new TreeMap<>();
        Set<String> unreadable = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (Runbook rb : runbooks) {
            for (DataSource ds : rb.dataSources()) {
                if (ds.retention() == null || ds.retention().isBlank() || unreadable.contains(rb.service())) {
                    continue;
                }
                try {
                    policies.merge(rb.service(), RetentionPolicy.parse(ds.retention()), RetentionPolicy::longest);
                } catch (IllegalArgumentException e) {
                    problems.add(rb.path() + ", data source " + ds.name() + ": " + e.getMessage() + "; backups of "
                            + rb.service() + " are not pruned");
                    policies.remove(rb.service());
                    unreadable.add(rb.service());
                }
            }
        }
        return new RetentionPolicies(policies, problems);
    }
}
