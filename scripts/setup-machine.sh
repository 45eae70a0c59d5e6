#!/usr/bin/env bash
# Prepares a fresh Debian machine for the test suite: Docker engine (no bridge,
# loopback only), the packages test images are built from, test images,
# code-server and Chromium for the end-to-end suite, the real fakecloud server, a real Kubernetes API server,
# curl (the invoke benchmark), npm ci.
# Idempotent: safe to run again on a machine that already has all of it.
set -euo pipefail
cd "$(dirname "$0")/.."

need_pkgs=()
for p in docker.io busybox-static redis-server redis-tools memcached curl unzip; do
  dpkg -s "$p" >/dev/null 2>&1 || need_pkgs+=("$p")
done
if [ ${#need_pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup: need root to apt-get install ${need_pkgs[*]}" >&2; exit 1
  fi
  echo "setup: installing ${need_pkgs[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi

bash scripts/start-dockerd.sh
bash test/support/build-test-images.sh
# A real VS Code for the end-to-end suite (and npm start): code-server + Debian's Chromium, cached.
bash scripts/install-code-server.sh >/dev/null
# The real fakecloud server, from crates.io, for the suite that runs against it (cached; the first build is long).
bash scripts/install-fakecloud.sh >/dev/null
# A real Kubernetes API server and etcd, from the Go module proxy, for the suite that runs against a real API (cached).
bash scripts/install-kubernetes.sh >/dev/null

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run build
echo "setup: done"
