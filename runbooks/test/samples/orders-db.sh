# Scenarios for runbooks/orders-db.md, sourced by run-samples.sh. Uses the PostgreSQL server at
# $PG_HOST:$PG_PORT (default 127.0.0.1:5432, user postgres) with databases named after this run.
pg_host=${OPSBOOK_SAMPLES_PG_HOST:-127.0.0.1}
pg_port=${OPSBOOK_SAMPLES_PG_PORT:-5432}
pg_user=${OPSBOOK_SAMPLES_PG_USER:-postgres}
orders_db="orders_$TAG"
orders_scratch="orders_${TAG}_check"
orders_backups="$TMP/backups/orders-db"
orders_params=(PG_HOST="$pg_host" PG_PORT="$pg_port" PG_USER="$pg_user" DATABASE="$orders_db"
  SCRATCH_DATABASE="$orders_scratch" BACKUP_DIR="$orders_backups")

pg() { psql -X -At -h "$pg_host" -p "$pg_port" -U "$pg_user" "$@"; }
db_exists() { [ "$(pg -d postgres -c "SELECT count(*) FROM pg_database WHERE datname = '$1'")" = 1 ]; }
db_absent() { ! db_exists "$1"; }
orders_counts() { pg -d "$1" -c "SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM orders), (SELECT count(*) FROM order_items)"; }

orders_happy_path() {
  run_procedure orders-db seed "${orders_params[@]}"
  local first
  first=$(orders_counts "$orders_db")
  run_procedure orders-db seed "${orders_params[@]}"
  check "seeding twice leaves 200|1000|2500 rows" [ "$(orders_counts "$orders_db")" = "$first" ] 
  check "counts are 200|1000|2500" [ "$first" = "200|1000|2500" ]
  run_procedure orders-db backup "${orders_params[@]}"
  local dump
  dump=$(cat "$RUN_DIR/work/backup.path")
  check "dump, .sha256 and .meta.json exist" test -s "$dump" -a -s "$dump.sha256" -a -s "$dump.meta.json"
  check "metadata records 2500 order_items rows" [ "$(jq '.tables["public.order_items"]' "$dump.meta.json")" = 2500 ]
  check "metadata published as an artifact" cmp "$dump.meta.json" "$RUN_DIR/artifacts/orders-db-backup.json"
  run_procedure orders-db restore "${orders_params[@]}"
  check "scratch database holds the restored rows" [ "$(orders_counts "$orders_scratch")" = "200|1000|2500" ]
  check "restore check artifact says row counts ok" jq -e '.row_counts_ok and (.index_check | length) == 11' "$RUN_DIR/artifacts/orders-db-restore-check.json"
  run_procedure orders-db clean-up "${orders_params[@]}"
  check "clean-up dropped the scratch database" db_absent "$orders_scratch"
}

orders_lost_rows() {
  run_procedure orders-db backup "${orders_params[@]}"
  HOOK_BEFORE=validate-row-counts HOOK_CMD="pg -d $orders_scratch -c 'DELETE FROM order_items WHERE order_id = 7' >/dev/null" \
    expect_fail 'FAIL public.order_items: expected 2500, restored 2497|tables differ' \
    run_procedure orders-db restore "${orders_params[@]}"
  check "the rollback dropped the scratch database" db_absent "$orders_scratch"
}

orders_corrupt_dump() {
  run_procedure orders-db backup "${orders_params[@]}"
  local good bad
  good=$(basename "$(cat "$RUN_DIR/work/backup.path")")
  sleep 0.01
  run_procedure orders-db backup "${orders_params[@]}"
  bad=$(cat "$RUN_DIR/work/backup.path")
  printf 'garbage' | dd of="$bad" bs=1 seek=200 conv=notrunc status=none
  expect_fail 'checksum mismatch' run_procedure orders-db restore "${orders_params[@]}"
  check "nothing was restored" db_absent "$orders_scratch"
  say "    restoring the previous, intact backup $good by name"
  run_procedure orders-db restore "${orders_params[@]}" BACKUP_NAME="$good"
  check "the older backup restored" [ "$(orders_counts "$orders_scratch")" = "200|1000|2500" ]
  run_procedure orders-db clean-up "${orders_params[@]}"
}

if ! command -v pg_dump >/dev/null || ! command -v jq >/dev/null; then
  skip "orders-db" "pg_dump and jq"
elif ! pg_isready -q -h "$pg_host" -p "$pg_port"; then
  skip "orders-db" "PostgreSQL on $pg_host:$pg_port"
else
  at_exit "psql -X -q -h $pg_host -p $pg_port -U $pg_user -d postgres -c 'DROP DATABASE IF EXISTS $orders_scratch WITH (FORCE)' -c 'DROP DATABASE IF EXISTS $orders_db WITH (FORCE)'"
  scenario "orders-db: seed twice, backup, restore with validation, clean up" orders_happy_path
  scenario "orders-db: rows lost in the restore are caught, rollback drops the scratch db" orders_lost_rows
  scenario "orders-db: a corrupt dump is refused before restoring; an older one restores by name" orders_corrupt_dump
fi
