# Functions for the checkout-api failover (runbooks/checkout-api-failover.md). Source it after
# lib/backup.sh. The proxy reads STATE_DIR/upstream on every request, so switching is one atomic
# rename; the previous value is kept in STATE_DIR/upstream.previous for the rollback.

# health_of URL : prints "<http status> <instance name>" of URL/health ("000 -" if unreachable).
health_of() {
  local body status
  body=$(curl -s --max-time 3 -w '\n%{http_code}' "$1/health" 2>/dev/null) || true
  status=${body##*$'\n'}
  body=${body%$'\n'*}
  printf '%s %s\n' "${status:-000}" "$(jq -r '.instance // "-"' <<<"$body" 2>/dev/null || echo -)"
}

# require_healthy URL NAME : exits the step unless URL/health answers 200 as instance NAME.
require_healthy() {
  local url=$1 name=$2 result
  result=$(health_of "$url")
  [ "$result" = "200 $name" ] || die "$name at $url is not healthy (status and instance: $result): not switching traffic to it"
  log "$name at $url is healthy"
}

# switch_upstream STATE_DIR URL : points the proxy at URL, remembering the current upstream.
switch_upstream() {
  local dir=$1 url=$2 current
  current=$(cat "$dir/upstream")
  printf '%s\n' "$current" >"$dir/upstream.previous"
  if [ "$current" = "$url" ]; then
    log "upstream already is $url: nothing to switch"
    return 0
  fi
  printf '%s\n' "$url" >"$dir/upstream.next"
  mv "$dir/upstream.next" "$dir/upstream" # rename is atomic: the proxy never reads half a file
  printf '%s %s -> %s (run %s)\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$current" "$url" "${OPSBOOK_RUN_ID:-manual}" >>"$dir/switch.log"
  log "upstream switched: $current -> $url"
}

# verify_via_proxy PROXY_URL NAME SECONDS CHECKS : waits up to SECONDS until the proxy's /health
# answers 200 from instance NAME, then requires CHECKS more consecutive good answers (no flapping).
verify_via_proxy() {
  local proxy=$1 name=$2 seconds=$3 checks=$4 deadline result good=0
  deadline=$((SECONDS + seconds))
  until [ "$(health_of "$proxy")" = "200 $name" ]; do
    [ "$SECONDS" -lt "$deadline" ] || die "the proxy $proxy does not serve a healthy $name after ${seconds}s (last: $(health_of "$proxy"))"
    sleep 0.2
  done
  while [ "$good" -lt "$checks" ]; do
    result=$(health_of "$proxy")
    [ "$result" = "200 $name" ] || die "health through the proxy flapped after $good good checks: $result"
    good=$((good + 1))
    sleep 0.2
  done
  log "the proxy serves $name: $checks consecutive healthy checks"
}
