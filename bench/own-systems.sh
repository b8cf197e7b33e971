#!/usr/bin/env bash
# Drills on a team's own systems, measured with real processes: the example service, `kunren run`
# and `kunren agent`, on this machine.
#  1. agent command -> process killed: ten kill-process injects, 3 s apart, on a `sleep` the script
#     keeps alive; from each fault-injected event (its recordedAt) to the moment a watcher sees that
#     process gone (one clock), and to the agent's report of the kill back in the drill (an upper
#     bound: it adds the report's way back).
#  2. halt -> every fault reverted on agents and proxies: cpu-stress on the agent and latency on a
#     proxy, then POST /api/halt; curl's time to the answer, which comes once every agent has
#     reported its revert (proxy toxics are removed before that, in the drill's process).
#  3. probe schedule at 500 probes/s for 30 s: requests in each 10 s window, and those not sent.
# Needs curl and python3. Usage: bench/own-systems.sh [HALT_RUNS]   (default 5)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
halts="${1:-5}"
./kunren validate examples/own-service/own-checkout.yaml >/dev/null   # builds the jar if needed
source bin/find-java.sh

work="$(mktemp -d)"
SERVICE=19500 PROXY=19501 CONSOLE=19502
export KUNREN_TOKEN="bench-own-systems-$(date +%s)-token"
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; pkill -f "sleep 4242" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

"$JAVA_HOME/bin/java" examples/own-service/OwnService.java --port "$SERVICE" > "$work/service.log" 2>&1 &
pids+=($!)
( while true; do sleep 4242 || true; done ) >/dev/null 2>&1 &   # the process the agent kills, started again each time
pids+=($!)
cat > "$work/allow.yaml" <<YAML
processes:
  target: { match: "sleep 4242" }
cpu: { maxCores: 1 }
YAML
until curl -sf "http://127.0.0.1:$SERVICE/health" >/dev/null; do sleep 0.1; done

scenario() { # name duration injects probes-rate
  cat > "$work/$1.yaml" <<YAML
kunren: 1
name: $1
title: Benchmark
duration: $2
environment:
  external:
    services:
      - { name: api, listen: 127.0.0.1:$PROXY, upstream: 127.0.0.1:$SERVICE, protocol: http }
    probes:
      - { name: health, url: http://127.0.0.1:$SERVICE/health, rate: $4, timeout: 2s }
    agents: [host-1]
injects:
$3
YAML
}
agent() {
  ./kunren agent --server "http://127.0.0.1:$CONSOLE" --name host-1 --allow "$work/allow.yaml" > "$work/agent.log" 2>&1 &
  agent_pid=$!
}
await_agent() { # the drill prints its token line once the console API listens; the agent then connects
  until grep -q '"name":"host-1","connected":true' <(curl -s -H "Authorization: Bearer $KUNREN_TOKEN" \
      "http://127.0.0.1:$CONSOLE/api/teams/team-1/agents" | tr -d ' \n') 2>/dev/null; do sleep 0.1; done
}

# 1. agent command -> process killed
injects=""
for i in $(seq 1 10); do injects+="  - { id: kill-$i, at: $((i * 3))s, fault: kill-process, target: host-1, params: { process: target }, duration: 1s }"$'\n'; done
scenario kill 33s "$injects" 1
agent
# a watcher notes, to the millisecond, when each `sleep 4242` the agent kills is gone (one clock with the drill's)
python3 - "$work/deaths" <<'PY' &
import os, subprocess, sys, time
with open(sys.argv[1], "w") as out:
    while True:
        pids = subprocess.run(["pgrep", "-f", "^sleep 4242$"], capture_output=True, text=True).stdout.split()
        if not pids:
            time.sleep(0.001); continue
        while os.path.exists(f"/proc/{pids[0]}") and open(f"/proc/{pids[0]}/stat").read().split()[2] != "Z":
            time.sleep(0.0005)
        out.write(f"{time.time()}\n"); out.flush()
PY
watcher_pid=$!
pids+=($watcher_pid)
./kunren run "$work/kill.yaml" --console-port "$CONSOLE" --out "$work/kill" --db "jdbc:h2:mem:bench" > "$work/kill.log" 2>&1
kill "$agent_pid" "$watcher_pid" 2>/dev/null || true; wait "$agent_pid" 2>/dev/null || true
python3 - "$work/kill/timeline.jsonl" "$work/deaths" <<'PY'
import json, sys
from datetime import datetime
def t(s): return datetime.fromisoformat(s.replace('Z', '+00:00')).timestamp()
deaths = [float(l) for l in open(sys.argv[2])]
injected, acted = {}, {}
for line in open(sys.argv[1]):
    r = json.loads(line); e = r['event']
    if e['type'] == 'fault-injected': injected[e['faultId']] = t(r['recordedAt'])
    if e['type'] == 'agent-acted' and e['action'] == 'apply' and e['ok']: acted[e['faultId']] = t(r['recordedAt'])
ms = sorted((acted[f] - injected[f]) * 1000 for f in injected if f in acted)
print(f"agent command -> process killed and reported: {len(ms)}/{len(injected)} kills, "
      f"median {ms[len(ms)//2]:.1f} ms, max {ms[-1]:.1f} ms")
in_order = [f"{(acted[f] - injected[f]) * 1000:.1f}" for f in sorted(injected, key=lambda f: injected[f]) if f in acted]
print("  each, in order: " + " / ".join(in_order))
killed = []  # the first death after each command, before the next command
for f in sorted(injected, key=lambda f: injected[f]):
    after = [d for d in deaths if injected[f] <= d < injected[f] + 2.5]
    if after: killed.append((after[0] - injected[f]) * 1000)
k = sorted(killed)
print(f"agent command -> process gone: {len(k)}/{len(injected)} kills, median {k[len(k)//2]:.1f} ms, max {k[-1]:.1f} ms")
print("  each, in order: " + " / ".join(f"{x:.1f}" for x in killed))
PY

# 2. halt -> every fault reverted
# at 5 s: the agent starts beside the drill and polls again after 0.25, 0.75, 1.75, 3.75 s until it listens
scenario halt 5m "  - { id: burn, at: 5s, fault: cpu-stress, target: host-1, params: { cores: 1 } }
  - { id: slow, at: 5s, fault: latency, target: api, params: { latency: 100 } }" 1
results=()
for i in $(seq 1 "$halts"); do
  agent
  ./kunren run "$work/halt.yaml" --console-port "$CONSOLE" --out "$work/halt-$i" --db "jdbc:h2:mem:bench" > "$work/halt.log" 2>&1 &
  run_pid=$!
  await_agent
  until grep -q "cpu-stress burn: busy" "$work/agent.log"; do sleep 0.1; done
  seconds=$(curl -s -o /dev/null -w '%{time_total}' -X POST -H "Authorization: Bearer $KUNREN_TOKEN" "http://127.0.0.1:$CONSOLE/api/halt")
  wait "$run_pid" || true
  grep -q "reverted burn" "$work/agent.log" || { echo "run $i: the agent did not revert" >&2; exit 1; }
  kill "$agent_pid" 2>/dev/null || true; wait "$agent_pid" 2>/dev/null || true
  ms=$(python3 -c "print(round($seconds * 1000, 1))")
  echo "halt run $i: ${ms} ms from POST /api/halt to its answer (agent's revert reported)"
  results+=("$ms")
done
printf '%s\n' "${results[@]}" | sort -n | awk '{a[NR]=$1} END {print "halt median: " a[int((NR+1)/2)] " ms, max " a[NR] " ms"}'

# 3. probe schedule at 500/s
scenario probes 30s "" 500
sed -i '/^injects:$/d; /agents: \[host-1\]/d' "$work/probes.yaml"
./kunren run "$work/probes.yaml" --console-port "$CONSOLE" --out "$work/probes" --db "jdbc:h2:mem:bench" > "$work/probes.log" 2>&1
python3 - "$work/probes/timeline.jsonl" <<'PY'
import json, sys
windows = [json.loads(l)['event'] for l in open(sys.argv[1])]
windows = [w for w in windows if w['type'] == 'window-closed']
sent = sum(w['requests'] for w in windows); skipped = sum(w.get('notSent', 0) for w in windows)
print("probes at 500/s: requests per 10 s window " + ", ".join(str(w['requests']) for w in windows)
      + f" (5000 each expected); {sent} sent of 15000, {skipped} not sent; "
      + f"availability {min(w['availability'] for w in windows):.2f}% at worst")
PY
