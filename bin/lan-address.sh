#!/usr/bin/env bash
# Gives this machine a non-loopback test address, 198.51.100.10 (a documentation range, reachable
# only from here), on a veth pair, as a /32 so that no route changes (the machine's own network may
# use a documentation range too): what the LAN browser test opens, as a teammate's browser would
# open the server's address. Needs root; does nothing if the address is already there.
set -euo pipefail
address="${KUNREN_LAN_ADDRESS:-198.51.100.10}"
# grep reads to the end (no -q): under pipefail, ip killed by SIGPIPE would read as "not there"
if ip -o addr show | grep " inet ${address}/" >/dev/null; then
  echo "lan-address: ${address} is already here"
  exit 0
fi
ip link add kunren-lan0 type veth peer name kunren-lan1 2>/dev/null || true
ip addr add "${address}/32" dev kunren-lan0
ip link set kunren-lan0 up
ip link set kunren-lan1 up
echo "lan-address: ${address} on kunren-lan0"
