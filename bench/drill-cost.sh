#!/usr/bin/env bash
# CPU that customer traffic and scoring cost per 1,000 requests: runs the same 2-minute drill
# at 10× with traffic (50 requests per drill second) and without, alternating, and divides the
# difference in process CPU time (user + sys) by the requests served. Prints each pair and the
# median. Usage: bench/drill-cost.sh [PAIRS]   (default 3)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
pairs="${1:-3}"
./kunren validate bench/scenarios/steady.yaml >/dev/null   # builds the jar if needed
source bin/find-java.sh
jar=kunren-server/target/kunren.jar
work="$(mktemp -d)"
sed 's/rate: 50/rate: 0/; s/name: steady/name: idle/' bench/scenarios/steady.yaml > "$work/idle.yaml"
cpu_of() { # scenario out-dir -> CPU seconds
  /usr/bin/time -f "%U %S" -o "$work/time" "$JAVA_HOME/bin/java" -jar "$jar" run "$1" --speed 10 \
      --db "jdbc:h2:mem:bench" --out "$2" >/dev/null
  awk '{print $1 + $2}' "$work/time"
}
results=()
for i in $(seq 1 "$pairs"); do
  busy="$(cpu_of bench/scenarios/steady.yaml "$work/busy$i")"
  idle="$(cpu_of "$work/idle.yaml" "$work/idle$i")"
  requests="$(sed -n 's/.*"requests" : \([0-9]*\).*/\1/p' "$work/busy$i/report.json" | head -1)"
  per_k="$(awk -v b="$busy" -v i="$idle" -v r="$requests" 'BEGIN {printf "%.0f", (b - i) * 1000 * 1000 / r}')"
  echo "pair $i: with traffic ${busy}s CPU, without ${idle}s, ${requests} requests -> ${per_k} ms CPU per 1,000 requests"
  results+=("$per_k")
done
median="$(printf '%s\n' "${results[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
echo "median: ${median} ms CPU per 1,000 requests (client, load balancer, proxy link, instances, scoring)"
rm -rf "$work"
