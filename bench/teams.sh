#!/usr/bin/env bash
# How many teams one machine runs, each with its own practice environment and scored customer
# traffic at 20 requests/s, in real time (speed 1), before it falls behind. For each team count it
# runs bench/scenarios/teams.yaml (1 minute) and prints: the process's resident memory and OS
# threads at the end of the drill, requests the traffic generators had to skip (notSent), and how
# late the last team's SLI windows closed against the drill clock (scoring lag). A count passes
# when nothing was skipped and no window closed more than one window (10 s) late.
# Usage: bench/teams.sh [COUNT ...]   (default: 1 25 50 75)
# Needs python3 to read the timeline.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
counts=("${@:-1 25 50 75}")
[ $# -eq 0 ] && counts=(1 25 50 75)
./kunren validate bench/scenarios/teams.yaml >/dev/null   # builds the jar if needed
work="$(mktemp -d)"
printf '%-6s %-10s %-10s %-8s %-12s %s\n' teams rss_mb threads notSent max_lag_ms verdict
for n in "${counts[@]}"; do
  args=()
  for i in $(seq 1 "$n"); do args+=(--team "t$i"); done
  # a drill that has not finished 2 minutes after its 1-minute schedule has fallen behind for good
  timeout 180 ./kunren run bench/scenarios/teams.yaml --speed 1 --console-port 0 --db "jdbc:h2:mem:teams$n" \
      --out "$work/n$n" "${args[@]}" >"$work/n$n.log" 2>&1 &
  runner=$!
  # sample the JVM (the launcher's child) 55 s in, while every team is running
  sleep 55
  jvm="$(pgrep -f "kunren-run.jar run bench/scenarios/teams.yaml" | head -1 || true)"
  rss=0; threads=0
  if [ -n "$jvm" ]; then
    rss=$(( $(awk '/VmRSS/ {print $2}' "/proc/$jvm/status") / 1024 ))
    threads=$(awk '/Threads/ {print $2}' "/proc/$jvm/status")
  fi
  status=0
  wait "$runner" || status=$?
  if [ "$status" -ne 0 ]; then
    printf '%-6s %-10s %-10s %-8s %-12s %s\n' "$n" "$rss" "$threads" "?" "?" "behind (drill not done 2 min after its end, exit $status)"
    continue
  fi
  python3 - "$work/n$n" "$n" "$rss" "$threads" <<'PY'
import json, re, sys, datetime
def seconds(iso):  # a Java Duration as ISO-8601, e.g. PT1M10S
    m = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?", iso)
    return int(m.group(1) or 0) * 3600 + int(m.group(2) or 0) * 60 + float(m.group(3) or 0)
folder, n, rss, threads = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
events = [json.loads(l) for l in open(folder + "/timeline.jsonl")]
def wall(e):
    return datetime.datetime.fromisoformat(e["recordedAt"].replace("Z", "+00:00")).timestamp()
start = next(e for e in events if e["event"]["type"] == "drill-started")
start_wall = wall(start)
not_sent, lag = 0, 0.0
for e in events:
    if e["event"]["type"] == "window-closed":
        not_sent += e["event"]["notSent"]
        due = start_wall + seconds(e["at"])
        lag = max(lag, wall(e) - due)
verdict = "ok" if not_sent == 0 and lag <= 10 else "behind"
print(f"{n:<6} {rss:<10} {threads:<10} {not_sent:<8} {lag*1000:<12.0f} {verdict}")
PY
done
