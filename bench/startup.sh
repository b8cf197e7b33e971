#!/usr/bin/env bash
# How long a built checkout takes from the command to the first scored customer request of a
# drill (./kunren run at 10×, as in the README, embedded database). Prints each run and the
# median. The time includes the shop's warm-up (1.5 s of unscored requests at 10×).
# Usage: bench/startup.sh [RUNS]   (default 5)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs="${1:-5}"
./kunren validate bench/scenarios/steady.yaml >/dev/null   # builds the jar if needed
out="$(mktemp -d)"
results=()
for i in $(seq 1 "$runs"); do
  start_ns="$(date +%s%N)"
  ./kunren run bench/scenarios/steady.yaml --speed 10 --out "$out/run$i" >/dev/null
  first="$(sed -n 's/.*"firstRequestAt" : "\(.*\)".*/\1/p' "$out/run$i/report.json")"
  first_ns="$(date -d "$first" +%s%N)"
  ms=$(( (first_ns - start_ns) / 1000000 ))
  echo "run $i: ${ms} ms from command to first scored customer request"
  results+=("$ms")
done
median="$(printf '%s\n' "${results[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
echo "median: ${median} ms over $runs runs"
rm -rf "$out"
