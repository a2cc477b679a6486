# Scenarios for runbooks/checkout-api-failover.md, sourced by run-samples.sh. Three free ports and
# a state directory under $TMP; every process is stopped at exit.
checkout_state="$TMP/checkout-api"
checkout_proxy=$(free_port)
checkout_primary=$(free_port)
checkout_standby=$(free_port)
checkout_params=(STATE_DIR="$checkout_state" PROXY_PORT="$checkout_proxy" PRIMARY_PORT="$checkout_primary"
  STANDBY_PORT="$checkout_standby" HEALTH_CHECKS=3)

via_proxy() { curl -s --max-time 3 "http://127.0.0.1:$checkout_proxy/health" | jq -r .instance; }
all_stopped() {
  local port
  for port in "$checkout_proxy" "$checkout_primary" "$checkout_standby"; do
    ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || return 1
  done
  ! ls "$checkout_state"/*.pid >/dev/null 2>&1
}

checkout_happy_path() {
  run_procedure checkout-api-failover start-local-topology "${checkout_params[@]}"
  local pids
  pids=$(cat "$checkout_state"/*.pid)
  run_procedure checkout-api-failover start-local-topology "${checkout_params[@]}"
  check "starting again keeps the same processes" [ "$(cat "$checkout_state"/*.pid)" = "$pids" ]
  check "the proxy serves the primary" [ "$(via_proxy)" = primary ]
  run_procedure checkout-api-failover failover "${checkout_params[@]}"
  check "the proxy serves the standby" [ "$(via_proxy)" = standby ]
  check "failover artifact records from and to" jq -e ".from == \"http://127.0.0.1:$checkout_primary\" and .to == \"http://127.0.0.1:$checkout_standby\"" "$RUN_DIR/artifacts/checkout-api-failover.json"
  run_procedure checkout-api-failover start-local-topology "${checkout_params[@]}"
  check "starting again does not undo the failover" [ "$(via_proxy)" = standby ]
  run_procedure checkout-api-failover fail-back "${checkout_params[@]}"
  check "the proxy serves the primary again" [ "$(via_proxy)" = primary ]
  check "switch.log has both switches" [ "$(wc -l <"$checkout_state/switch.log")" = 2 ]
}

checkout_standby_down() {
  touch "$checkout_state/standby.down"
  expect_fail 'standby at .* is not healthy' run_procedure checkout-api-failover failover "${checkout_params[@]}"
  check "traffic stayed on the primary" [ "$(via_proxy)" = primary ]
  rm -f "$checkout_state/standby.down"
}

checkout_standby_dies_after_switch() {
  HOOK_BEFORE=verify-standby-via-proxy HOOK_CMD="touch '$checkout_state/standby.down'" \
    expect_fail 'does not serve a healthy standby' \
    run_procedure checkout-api-failover failover "${checkout_params[@]}" VERIFY_SECONDS=2
  check "the rollback put traffic back on the primary" [ "$(via_proxy)" = primary ]
  rm -f "$checkout_state/standby.down"
}

checkout_stop() {
  run_procedure checkout-api-failover stop-local-topology "${checkout_params[@]}"
  check "all three processes stopped, pid files removed" all_stopped
  run_procedure checkout-api-failover stop-local-topology "${checkout_params[@]}"
  say "    stopping again is a no-op"
}

if ! command -v python3 >/dev/null || ! command -v curl >/dev/null || ! command -v setsid >/dev/null; then
  skip "checkout-api-failover" "python3, curl and setsid"
else
  for _name in proxy standby primary; do
    at_exit "[ ! -f '$checkout_state/$_name.pid' ] || kill \$(cat '$checkout_state/$_name.pid')"
  done
  scenario "checkout-api: start twice, fail over, restart keeps state, fail back" checkout_happy_path
  scenario "checkout-api: failover refuses an unhealthy standby, traffic stays" checkout_standby_down
  scenario "checkout-api: standby dies after the switch, rollback reverts the upstream" checkout_standby_dies_after_switch
  scenario "checkout-api: stop the topology (twice)" checkout_stop
fi
