#!/usr/bin/env bash
# How long `kunren report` takes to write a debrief (every team's report, charts, postmortem draft,
# progress) of a stored drill with many teams: runs first-drill once for TEAMS teams at 30x into a
# fresh embedded database, then times `kunren report --format html` RUNS times (a new JVM each
# time, as a user runs it). Usage: bench/report.sh [TEAMS] [RUNS]   (default 20 3)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
teams="${1:-20}"
runs="${2:-3}"
./kunren validate scenarios/first-drill.yaml >/dev/null   # builds the jar if needed
work="$(mktemp -d)"
db="jdbc:h2:file:$work/db"
args=()
for i in $(seq 1 "$teams"); do args+=(--team "t$i"); done
./kunren run scenarios/first-drill.yaml --speed 30 "${args[@]}" --db "$db" --out "$work/run" >/dev/null
drill="$(./kunren report list --db "$db" | awk '{print $1}' | tail -1)"
events="$(wc -l < "$work/run/timeline.jsonl")"
results=()
for i in $(seq 1 "$runs"); do
  start=$(date +%s%N)
  ./kunren report "$drill" --format html --out "$work/debrief" --db "$db" >/dev/null
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  echo "run $i: ${ms} ms for $teams teams, $events events, $(wc -c < "$work/debrief/debrief.html") bytes of HTML"
  results+=("$ms")
done
median="$(printf '%s\n' "${results[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
echo "median: ${median} ms from command to debrief.html ($teams teams, $events events)"
rm -rf "$work"
