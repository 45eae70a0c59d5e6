#!/usr/bin/env bash
# Starts dockerd the way these machines allow : vfs storage,
# no bridge, no iptables, so containers use host networking on loopback only.
set -euo pipefail
if docker info >/dev/null 2>&1; then exit 0; fi
log="${DOCKERD_LOG:-/tmp/fakecloud-dockerd.log}"
echo "setup: starting dockerd (log: $log)"
nohup dockerd --storage-driver=vfs --bridge=none --iptables=false --ip-masq=false >"$log" 2>&1 &
for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then echo "setup: dockerd is up"; exit 0; fi
  sleep 0.5
done
echo "setup: dockerd did not come up; last lines of $log:" >&2
tail -20 "$log" >&2
exit 1
