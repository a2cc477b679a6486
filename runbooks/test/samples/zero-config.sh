# The zero-config scenario, sourced by run-samples.sh: every sample's Seed, Backup and Restore with
# default parameters, inside a private network namespace where a PostgreSQL on 5432 and a Redis on
# 6379 play the machine's own servers; none of them may be reached (see ../zero-config.sh).
zero_config() { unshare -rn "$HERE/zero-config.sh"; }
if ! unshare -rn true 2>/dev/null; then
  skip "zero-config" "unshare -rn (user and network namespaces)"
elif ! command -v redis-server >/dev/null || ! command -v psql >/dev/null || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  skip "zero-config" "redis-server, psql and the PostgreSQL server (postgresql, redis-server)"
else
  scenario "zero-config: samples with default parameters reach no PostgreSQL or Redis they did not start" zero_config
fi
