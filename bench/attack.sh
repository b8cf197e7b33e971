#!/usr/bin/env bash
# Replays issue 18's attacks against a running `kunren serve` and records what a normal member
# saw meanwhile (bench/Attack.java): 2,000 trickling connections from eight other loopback
# addresses, a status-page flood from four, password guessing from one, for 20 s after a 10 s
# baseline. Prints p50/p99 of the member's page reads and of live event delivery, before and
# during the attack. Usage: bench/attack.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./kunren validate scenarios/first-drill.yaml >/dev/null   # builds the jar if needed
source bin/find-java.sh
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
port=18380
password="attack-bench-$(date +%s)"
log="$(mktemp)"
KUNREN_FACILITATOR_PASSWORD="$password" ./kunren serve --port "$port" --db "jdbc:h2:mem:attack" > "$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -f "$log"' EXIT
until grep -q "Kunren web app" "$log"; do sleep 0.2; done
"$JAVA_HOME/bin/java" bench/Attack.java "$port" "$password"
