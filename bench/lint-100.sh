#!/usr/bin/env bash
# Times `opsbook lint` on N generated runbooks (default 100), each ~120 lines with front matter,
# data sources, parameters, schedules and 6 steps across 4 procedures.
# Usage: bench/lint-100.sh [N] [RUNS]   (build first: mvn -q -DskipTests package)
# OPSBOOK_BENCH_DIR=/some/dir keeps the generated files there.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100}
runs=${2:-5}
jar=bot/target/opsbook.jar
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
[ -f "$jar" ] || { echo "error: $jar is missing: run 'mvn -q -DskipTests package' first" >&2; exit 2; }
if [ -n "${OPSBOOK_BENCH_DIR:-}" ]; then
  dir=$OPSBOOK_BENCH_DIR   # keep the generated runbooks for profiling
  rm -rf "$dir/runbooks"
else
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
fi
mkdir -p "$dir/runbooks" "$dir/config"
echo "max_connections = 200" > "$dir/config/postgresql.conf"
for i in $(seq 1 "$n"); do
  cat > "$dir/runbooks/service-$i.md" <<RUNBOOK
---
id: service-$i-db
title: Back up, restore and fail over the service-$i database
service: service-$i
owners:
  team: team-$((i % 7))
  people:
    - id: alice
      name: Alice Example
      slack: U0ALICE$i
      email: alice@example.com
    - id: bob
      discord: "bob#$i"
approvers: ["@dba", carol]
runners: ["@oncall"]
impact: Writes to service-$i pause for up to a minute during failover.
tier: $((i % 3 + 1))
rto: 30m
rpo: 1h
data_sources:
  - name: service-$i-primary
    type: database
    location: postgres://db-$i.internal:5432/app
    environments: [staging, production]
    classification: confidential
    encryption: {at_rest: aes-256 (LUKS), in_transit: tls1.3, key_ref: "kms://keys/db-$i"}
    backup: {frequency: 1h}
    retention: 7 daily, 4 weekly
depends_on: [auth, billing]
escalation:
  - who: alice
    after: 10m
  - who: "@dba"
    after: 30m
schedules:
  - cron: "0 15 * * * ?"
    time_zone: Europe/Berlin
    run: backup
links:
  - title: PostgreSQL configuration
    path: config/postgresql.conf
  - title: Upstream docs
    url: https://www.postgresql.org/docs/current/app-pgdump.html
parameters:
  - name: target-db
    type: string
    pattern: "[a-z][a-z0-9_]*"
    default: app_scratch
    description: Database to restore into.
  - name: mode
    type: enum
    values: [full, schema-only]
    default: full
secrets: [PGPASSWORD]
drill:
  procedure: restore
  sandbox:
    target-db: service_${i}_drill
approval:
  expires: 30m
---
# service-$i database

The database behind service-$i. This runbook backs it up, restores it into a scratch
database and fails over to the replica. Read it fully before running anything.

## Backup

Dump the database in custom format and record its checksum.

\`\`\`bash {#dump kind=backup timeout=20m retries=1 idempotent=true secrets=PGPASSWORD}
set -euo pipefail
out="\$OPSBOOK_WORKDIR/service-$i.dump"
pg_dump --format=custom --file "\$out" "\$TARGET_DB"
sha256sum "\$out" > "\$out.sha256"
size=\$(stat -c %s "\$out")
printf '{"file":"%s","size":%s}\n' "\$out" "\$size" > "\$OPSBOOK_ARTIFACTS/dump.json"
\`\`\`

\`\`\`bash {#verify-dump kind=validate requires=dump}
sha256sum -c "\$OPSBOOK_WORKDIR/service-$i.dump.sha256"
\`\`\`

## Restore

\`\`\`bash {#restore kind=restore approvals=2 timeout=1h rollback=drop-scratch requires=verify-dump confirm="type the database name"}
createdb "\$TARGET_DB" || true
pg_restore --dbname "\$TARGET_DB" --jobs 2 "\$OPSBOOK_WORKDIR/service-$i.dump"
\`\`\`

\`\`\`sql {#count-rows kind=check}
SELECT relname, n_live_tup FROM pg_stat_user_tables ORDER BY relname;
\`\`\`

### Rollback

\`\`\`bash {#drop-scratch kind=rollback approvals=1}
dropdb --if-exists "\$TARGET_DB"
\`\`\`

## Failover

\`\`\`sh {"name":"promote-replica","kind":"failover","approvals":"2","interactive":"false"}
for host in replica-$i; do
  pg_ctl promote -D "/var/lib/postgresql/\$host"
done
\`\`\`

Plain documentation block:

\`\`\`text
primary  --->  replica
\`\`\`
RUNBOOK
done
cat > "$dir/runbooks/README.md" <<'EOF2'
# Runbooks (not a runbook: no front matter)
EOF2
echo "$n runbooks in $dir/runbooks ($(du -sh "$dir/runbooks" | cut -f1))"
(cd "$dir" && "$java" -jar "$OLDPWD/$jar" lint runbooks) || { echo "error: generated runbooks do not lint clean" >&2; exit 1; }
# Wall time is what the issue asks about; CPU time (user+sys, all JVM threads) is steadier on a
# shared machine, so both are printed, with the load average when the runs started.
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
measure() {  # label, command...
  local label=$1; shift
  local t; t=$(mktemp)
  /usr/bin/time -o "$t" -f '%e %U %S' "$@" >/dev/null 2>&1 || true
  read -r wall user sys < "$t"; rm -f "$t"
  printf '%-44s wall %5.2f s   cpu %5.2f s\n' "$label" "$wall" "$(echo "$user + $sys" | bc)"
}
launcher=$PWD/bin/opsbook
cd "$dir"
"$launcher" lint runbooks >/dev/null 2>&1 || true   # first launcher run extracts the jar and records the AOT cache
for r in $(seq 1 "$runs"); do
  measure "bin/opsbook lint $n runbooks, run $r" "$launcher" lint runbooks
done
for r in 1 2; do
  measure "java -jar opsbook.jar lint $n runbooks" "$java" -jar "$OLDPWD/$jar" lint runbooks
done
for r in 1 2; do
  measure "bin/opsbook --version (start only)" "$launcher" --version
done
