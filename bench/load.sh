#!/usr/bin/env bash
# A company GameDay's load on `kunren serve` (issue 16): one drill of bench/scenarios/load.yaml in
# real time with TEAMS teams, STREAMS members following the live stream, CALLERS members reading
# the drill through the API at RATE requests/s each, for MINUTES minutes (bench/Load.java). Prints
# per minute the API calls' and event deliveries' p50/p99 and the server's memory.
# Usage: bench/load.sh [TEAMS STREAMS CALLERS RATE MINUTES [ROW_SECONDS]]   (default: 20 300 50 20 10 60)
# DB=jdbc:postgresql://... runs it on PostgreSQL (default: an embedded H2 file in a temporary folder).
# SECOND=1 (with DB=jdbc:postgresql://...) starts a second server on the same database: the drill runs
# on the first, the members join, stream and call through the second (memory is the second's).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
teams="${1:-20}" streams="${2:-300}" callers="${3:-50}" rate="${4:-20}" minutes="${5:-10}" row="${6:-60}"
./kunren validate bench/scenarios/load.yaml >/dev/null   # builds the jar if needed
source bin/find-java.sh
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
port=18390
password="load-bench-$(date +%s)"
work="$(mktemp -d)"
KUNREN_FACILITATOR_PASSWORD="$password" ./kunren serve --port "$port" --library bench/scenarios \
    --db "${DB:-jdbc:h2:file:$work/kunren}" > "$work/serve.log" 2>&1 &
launcher=$!
second=""
trap 'kill $launcher $second 2>/dev/null || true; wait $launcher $second 2>/dev/null || true; rm -rf "$work"' EXIT
await_banner() {
  until grep -q "Kunren web app" "$1"; do
    kill -0 "$2" 2>/dev/null || { cat "$1"; exit 1; }
    sleep 0.2
  done
}
await_banner "$work/serve.log" $launcher
members_port="$port"
if [ -n "${SECOND:-}" ]; then
  members_port=$((port + 1))
  KUNREN_FACILITATOR_PASSWORD="$password" ./kunren serve --port "$members_port" --library bench/scenarios \
      --db "$DB" > "$work/second.log" 2>&1 &
  second=$!
  await_banner "$work/second.log" $second
fi
# the JVM a launcher started (it may be the launcher itself), of the server the members use
jvm="$(pgrep -f -- "serve --port $members_port" | while read -r pid; do
  [ "$(cat /proc/$pid/comm)" = java ] && echo "$pid"; done | head -1)"
"$JAVA_HOME/bin/java" bench/Load.java "$port" "$password" "$jvm" "$teams" "$streams" "$callers" "$rate" "$minutes" "$row" "$members_port"
