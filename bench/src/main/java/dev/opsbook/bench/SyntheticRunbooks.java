package dev.opsbook.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes N synthetic runbooks that lint clean: front matter with owners, data sources, parameters and
 * dependencies on earlier services (a DAG), prose drawn from a Zipf-distributed vocabulary of a few
 * thousand made-up words (so the search index sees a realistic spread of rare and common terms),
 * and six steps in four procedures. Seeded: the same N gives the same files.
 */
final class SyntheticRunbooks {
    private static final String[] SYLLABLES = {"ka", "lo", "mer", "ti", "za", "pro", "vin", "dul", "se", "ra", "qu", "bel",
            "nor", "fi", "gan", "tos", "we", "ly", "cor", "dam"};
    private static final String[] COMMON = ("the database backup restore replica primary check verify dump snapshot retention "
            + "encryption owner team approval validate rows tables index schema scratch promote health upstream service "
            + "queue cache bucket object storage disk volume latency error rollback failover before after during run step").split(" ");
    private final Random random;
    private final List<String> vocabulary = new ArrayList<>();

    SyntheticRunbooks(long seed) {
        random = new Random(seed);
        for (int i = 0; i < 4000; i++) {
            StringBuilder w = new StringBuilder();
            for (int s = 0; s < 2 + random.nextInt(3); s++) {
                w.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
            }
            vocabulary.add(w.toString());
        }
    }

    private String word() {
        if (random.nextDouble() < 0.55) {
            return COMMON[random.nextInt(COMMON.length)];
        }
        double u = random.nextDouble();
        return vocabulary.get((int) (vocabulary.size() * u * u * u));
    }

    private String sentence(int words) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < words; i++) {
            s.append(i == 0 ? "" : " ").append(word());
        }
        return Character.toUpperCase(s.charAt(0)) + s.substring(1) + ".";
    }

    private String paragraph() {
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < 3 + random.nextInt(3); i++) {
            p.append(sentence(8 + random.nextInt(10))).append(' ');
        }
        return p.toString().strip();
    }

    static String service(int i) {
        return "svc-" + i;
    }

    List<Path> write(Path dir, int n) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path f = dir.resolve(service(i) + ".md");
            Files.writeString(f, runbook(i));
            files.add(f);
        }
        return files;
    }

    String runbook(int i) {
        StringBuilder deps = new StringBuilder();
        int count = i == 0 ? 0 : random.nextInt(4);
        for (int d = 0; d < count; d++) {
            deps.append(d == 0 ? "" : ", ").append(service(random.nextInt(i)));
        }
        String svc = service(i);
        return """
                ---
                id: %1$s-db
                title: %1$s %2$s database backup and restore
                service: %1$s
                owners:
                  team: team-%3$d
                  people:
                    - id: person-%4$d
                      name: Person %4$d
                      slack: "@person-%4$d"
                approvers: ["@dba", person-%5$d]
                impact: %6$s
                tier: %7$d
                rto: 30m
                rpo: 1h
                data_sources:
                  - name: %1$s-primary
                    type: database
                    location: postgres://%1$s.internal:5432/app
                    environments: [staging, production]
                    classification: confidential
                    encryption: {at_rest: aes-256, in_transit: tls1.3, key_ref: "kms://keys/%1$s"}
                    backup: {frequency: 1h}
                    retention: 7 daily, 4 weekly
                depends_on: [%8$s]
                escalation:
                  - who: person-%4$d
                    after: 10m
                  - who: "@dba"
                    after: 30m
                parameters:
                  - name: target-db
                    type: string
                    default: app_scratch
                    description: Database to restore into.
                secrets: [PGPASSWORD]
                ---
                # %1$s database

                %9$s

                ## Backup

                %10$s

                ```bash {#dump kind=backup timeout=20m retries=1 idempotent=true secrets=PGPASSWORD}
                pg_dump --format=custom --file "$OPSBOOK_WORKDIR/%1$s.dump" "$TARGET_DB"
                sha256sum "$OPSBOOK_WORKDIR/%1$s.dump" > "$OPSBOOK_WORKDIR/%1$s.dump.sha256"
                ```

                ```bash {#verify-dump kind=validate requires=dump}
                sha256sum -c "$OPSBOOK_WORKDIR/%1$s.dump.sha256"
                ```

                ## Restore

                %11$s

                ```bash {#restore kind=restore approvals=2 timeout=1h rollback=drop-scratch requires=verify-dump}
                createdb "$TARGET_DB" || true
                pg_restore --dbname "$TARGET_DB" --jobs 2 "$OPSBOOK_WORKDIR/%1$s.dump"
                ```

                ```bash {#count-rows kind=check}
                psql -d "$TARGET_DB" -c 'SELECT relname, n_live_tup FROM pg_stat_user_tables'
                ```

                ### Rollback

                ```bash {#drop-scratch kind=rollback approvals=1}
                dropdb --if-exists "$TARGET_DB"
                ```

                ## Failover

                %12$s

                ```bash {#promote-replica kind=failover approvals=2}
                pg_ctl promote -D "/var/lib/postgresql/%1$s-replica"
                ```
                """.formatted(svc, word(), i % 40, i % 300, (i + 7) % 300, sentence(10), 1 + i % 3, deps,
                paragraph(), paragraph(), paragraph(), paragraph());
    }
}
