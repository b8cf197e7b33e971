#!/usr/bin/env bash
# Kunren's fault proxy against HAProxy in mode tcp (its peer: a TCP proxy, one thread per core) and
# nginx proxy_pass (as many workers as cores, default buffering, keep-alive to the origin), in one
# run, alternating: wrk with 64 connections
# for a 1 KB and a 1 MB response, directly from an origin nginx, through Kunren's proxy with no
# toxic, and through a second nginx doing proxy_pass; then the accuracy of a 100 ms latency toxic
# at 8 connections. Needs wrk, nginx and haproxy (apt-get install -y wrk nginx-light haproxy).
# Usage: bench/proxy.sh [ROUNDS] [SECONDS]   (default 3 rounds of 10 s; medians are reported)
# KUNREN_PROXY_JAVA_OPTS passes JVM options to the proxy, for experiments (e.g. -Djdk.pollerMode=1).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rounds="${1:-3}"
seconds="${2:-10}"
command -v wrk >/dev/null && command -v nginx >/dev/null && command -v haproxy >/dev/null \
  || { echo "needs wrk, nginx and haproxy: apt-get install -y wrk nginx-light haproxy" >&2; exit 1; }
./kunren validate bench/scenarios/steady.yaml >/dev/null   # builds the jar if needed
source bin/find-java.sh

work="$(mktemp -d)"
ORIGIN=18080 NGINX_PROXY=18081 KUNREN_PROXY=18082 HAPROXY=18083 API=18474
chmod 755 "$work"
head -c 1024 /dev/urandom > "$work/1k"
head -c 1048576 /dev/urandom > "$work/1m"
chmod 644 "$work/1k" "$work/1m"
nginx_conf() { # name workers body
  mkdir -p "$work/$1/logs"
  cat > "$work/$1/nginx.conf" <<CONF
worker_processes $2;
pid $work/$1/nginx.pid;
error_log $work/$1/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/$1; proxy_temp_path $work/$1; fastcgi_temp_path $work/$1; uwsgi_temp_path $work/$1; scgi_temp_path $work/$1;
  $3
}
CONF
}
nginx_conf origin 1 "server { listen 127.0.0.1:$ORIGIN; keepalive_requests 1000000; root $work; location / { } }"
nginx_conf proxy auto "upstream origin { server 127.0.0.1:$ORIGIN; keepalive 128; }
  server { listen 127.0.0.1:$NGINX_PROXY; keepalive_requests 1000000;
    location / { proxy_pass http://origin; proxy_http_version 1.1; proxy_set_header Connection \"\"; } }"
nginx -c "$work/origin/nginx.conf" -p "$work/origin"
nginx -c "$work/proxy/nginx.conf" -p "$work/proxy"
cat > "$work/haproxy.cfg" <<CONF
global
  nbthread $(nproc)
  pidfile $work/haproxy.pid
defaults
  mode tcp
  timeout connect 5s
  timeout client 60s
  timeout server 60s
frontend bench
  bind 127.0.0.1:$HAPROXY
  default_backend origin
backend origin
  server origin 127.0.0.1:$ORIGIN
CONF
haproxy -D -f "$work/haproxy.cfg"
"$JAVA_HOME/bin/java" ${KUNREN_PROXY_JAVA_OPTS:-} -jar kunren-server/target/kunren.jar proxy --port "$API" > "$work/kunren.log" 2>&1 &
kunren_pid=$!
cleanup() {
  kill "$kunren_pid" 2>/dev/null || true
  nginx -c "$work/origin/nginx.conf" -p "$work/origin" -s stop 2>/dev/null || true
  nginx -c "$work/proxy/nginx.conf" -p "$work/proxy" -s stop 2>/dev/null || true
  [[ -f "$work/haproxy.pid" ]] && kill "$(cat "$work/haproxy.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$API/version" >/dev/null && break; sleep 0.2; done
curl -fs -X POST "http://127.0.0.1:$API/proxies" \
  -d "{\"name\":\"bench\",\"listen\":\"127.0.0.1:$KUNREN_PROXY\",\"upstream\":\"127.0.0.1:$ORIGIN\"}" >/dev/null

cpu_ticks() { # a process and its children (nginx's workers are children of its master)
  local total=0 p
  for p in "$1" $(pgrep -P "$1"); do total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done
  echo "$total"
}
proxy_pid() { # the process doing the proxying for a target, for CPU accounting
  case "$1" in
    kunren) echo "$kunren_pid" ;;
    nginx) cat "$work/proxy/nginx.pid" ;;
    haproxy) cat "$work/haproxy.pid" ;;
    *) echo "" ;;
  esac
}
declare -A rps mibs cpu
run() { # target port size
  local out pid before after requests
  pid="$(proxy_pid "$1")"
  [[ -n "$pid" ]] && before="$(cpu_ticks "$pid")"
  out="$(wrk -t2 -c64 -d"${seconds}s" "http://127.0.0.1:$2/$3")"
  requests="$(echo "$out" | awk '/requests in/ {print $1}')"
  rps["$1 $3"]+="$(echo "$out" | awk '/Requests\/sec/ {print $2}') "
  mibs["$1 $3"]+="$(echo "$out" | awk '/Transfer\/sec/ {v=$2; if (v ~ /GB/) v*=1024; else if (v ~ /KB/) v/=1024; print v+0}') "
  if [[ -n "$pid" ]]; then
    after="$(cpu_ticks "$pid")"
    cpu["$1 $3"]+="$(awk -v t=$((after - before)) -v r="$requests" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", t / hz * 1e6 / r}') "
  fi
}
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# warm the JIT and nginx caches before measuring
wrk -t2 -c64 -d5s "http://127.0.0.1:$KUNREN_PROXY/1k" >/dev/null
wrk -t2 -c64 -d3s "http://127.0.0.1:$KUNREN_PROXY/1m" >/dev/null
for round in $(seq 1 "$rounds"); do
  for size in 1k 1m; do
    run direct "$ORIGIN" "$size"
    run kunren "$KUNREN_PROXY" "$size"
    run haproxy "$HAPROXY" "$size"
    run nginx "$NGINX_PROXY" "$size"
  done
  echo "round $round done" >&2
done

echo "| response | target | requests/s (median) | MiB/s (median) | proxy CPU µs/request | runs (requests/s) |"
echo "|---|---|---:|---:|---:|---|"
for size in 1k 1m; do
  for target in direct kunren haproxy nginx; do
    key="$target $size"
    echo "| $size | $target | $(echo "${rps[$key]}" | median) | $(echo "${mibs[$key]}" | median) | $(echo "${cpu[$key]:-}" | median) | ${rps[$key]}|"
  done
done
for size in 1k 1m; do
  awk -v k="$(echo "${rps[kunren $size]}" | median)" -v h="$(echo "${rps[haproxy $size]}" | median)" \
    -v n="$(echo "${rps[nginx $size]}" | median)" -v s="$size" \
    'BEGIN {printf "kunren / haproxy tcp at %s: %.2f× requests/s; kunren / nginx: %.2f×\n", s, k / h, k / n}'
done

curl -fs -X POST "http://127.0.0.1:$API/proxies/bench/toxics" \
  -d '{"name":"lat","type":"latency","stream":"downstream","attributes":{"latency":100}}' >/dev/null
p50s=""
for round in $(seq 1 "$rounds"); do
  p50s+="$(wrk -t2 -c8 -d"${seconds}s" --latency "http://127.0.0.1:$KUNREN_PROXY/1k" | awk '/^ +50%/ {v=$2; if (v ~ /ms/) {sub("ms","",v)} else if (v ~ /us/) {sub("us","",v); v/=1000} else if (v ~ /s/) {sub("s","",v); v*=1000} print v}') "
done
echo "latency toxic 100 ms at 8 connections: p50 $(echo "$p50s" | median) ms (runs: $p50s)"
