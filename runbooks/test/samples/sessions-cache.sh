# Scenarios for runbooks/sessions-cache.md, sourced by run-samples.sh. The "live" cache is a private
# redis-server on a free port (no persistence, like the machine's own), so the scenarios can flush
# it without touching the shared server on 6379; the scratch server gets another free port.
# repl-diskless-sync-delay 0 only saves the test 5 s per snapshot (the runbook explains the delay).
redis_live_port=$(free_port)
redis_scratch_port=$(free_port)
redis_live_dir="$TMP/redis-live"
sessions_params=(REDIS_HOST=127.0.0.1 REDIS_PORT="$redis_live_port" BACKUP_DIR="$TMP/backups/sessions-cache"
  SCRATCH_PORT="$redis_scratch_port" SCRATCH_DIR="$TMP/redis-scratch")

live() { redis-cli -p "$redis_live_port" "$@"; }
scratch_down() { ! redis-cli -p "$redis_scratch_port" ping >/dev/null 2>&1 && [ ! -e "$TMP/redis-scratch" ]; }

sessions_happy_path() {
  run_procedure sessions-cache seed "${sessions_params[@]}"
  run_procedure sessions-cache seed "${sessions_params[@]}"
  check "seed wrote 105 keys (twice: still 105)" [ "$(live dbsize)" = 105 ]
  run_procedure sessions-cache backup "${sessions_params[@]}"
  local rdb
  rdb=$(cat "$RUN_DIR/work/backup.path")
  check "snapshot, .sha256, .meta.json exist" test -s "$rdb" -a -s "$rdb.sha256" -a -s "$rdb.meta.json"
  check "metadata counts 106 keys (105 + canary), 101 with TTL" jq -e '.keys == 106 and .keys_with_ttl == 101' "$rdb.meta.json"
  check "metadata published as an artifact" cmp "$rdb.meta.json" "$RUN_DIR/artifacts/sessions-cache-backup.json"
  say "    simulating data loss: FLUSHALL on the live cache"
  live flushall >/dev/null
  run_procedure sessions-cache restore "${sessions_params[@]}"
  check "all 106 keys are back" [ "$(live dbsize)" = 106 ]
  check "session hashes came back with their fields" [ "$(live hget session:sess-0042 user_id)" = 1042 ]
  check "TTLs survived the restore" [ "$(live ttl session:sess-0042)" -gt 86000 ]
  check "keys without TTL stayed without" [ "$(live ttl feature:checkout-v2)" = -1 ]
  check "the scratch server is stopped and its directory removed" scratch_down
}

sessions_refuses_non_empty() {
  expect_fail 'is not empty .*set overwrite=true' run_procedure sessions-cache restore "${sessions_params[@]}"
  check "the rollback stopped the scratch server" scratch_down
  live hset session:sess-0001 user_id 999 >/dev/null
  run_procedure sessions-cache restore "${sessions_params[@]}" OVERWRITE=true
  check "overwrite=true replaced the changed key" [ "$(live hget session:sess-0001 user_id)" = 1001 ]
  check "the scratch server is stopped" scratch_down
}

sessions_corrupt_snapshot() {
  run_procedure sessions-cache backup "${sessions_params[@]}"
  local rdb
  rdb=$(cat "$RUN_DIR/work/backup.path")
  printf 'garbage' | dd of="$rdb" bs=1 seek=60 conv=notrunc status=none
  expect_fail 'checksum mismatch' run_procedure sessions-cache restore "${sessions_params[@]}" OVERWRITE=true
  say "    a damaged file with a matching .sha256 (corrupted before checksumming) must fail the load checks"
  sha256sum "$rdb" | sed "s|  .*|  $(basename "$rdb")|" >"$rdb.sha256"
  jq --arg sha "$(cut -d' ' -f1 "$rdb.sha256")" '.sha256 = $sha' "$rdb.meta.json" >"$rdb.meta.json.new" && mv "$rdb.meta.json.new" "$rdb.meta.json"
  expect_fail 'redis-check-rdb rejects|did not load|RDB' run_procedure sessions-cache restore "${sessions_params[@]}" OVERWRITE=true
  check "no scratch server left behind" scratch_down
}

if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null || ! command -v jq >/dev/null; then
  skip "sessions-cache" "redis-server, redis-cli and jq"
else
  mkdir -p "$redis_live_dir"
  redis-server --port "$redis_live_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes --repl-diskless-sync-delay 0 \
    --dir "$redis_live_dir" --pidfile "$redis_live_dir/redis.pid" --logfile "$redis_live_dir/redis.log"
  at_exit "kill \$(cat '$redis_live_dir/redis.pid')"
  at_exit "[ ! -f '$TMP/redis-scratch/redis.pid' ] || kill \$(cat '$TMP/redis-scratch/redis.pid')"
  for _ in $(seq 1 50); do live ping >/dev/null 2>&1 && break; sleep 0.1; done
  scenario "sessions-cache: seed twice, snapshot, lose everything, restore via scratch server" sessions_happy_path
  scenario "sessions-cache: restore refuses a non-empty cache unless overwrite=true" sessions_refuses_non_empty
  scenario "sessions-cache: corrupt snapshots are refused (checksum, then RDB check)" sessions_corrupt_snapshot
fi
