#!/usr/bin/env bash
# Builds the local test images (no registry here): small root file systems made
# from Debian's busybox-static, redis and memcached binaries, loaded with
# `docker import`. Skips an image that already exists unless FORCE=1.
set -euo pipefail

# Bumped when a recipe below changes, so a machine with older images rebuilds them.
RECIPE=7
have() {
  [ "${FORCE:-0}" != 1 ] && docker image inspect -f '{{json .Config.Env}}' "$1" 2>/dev/null | grep -q "FAKECLOUD_TEST_IMAGE_RECIPE=$RECIPE"
}

# Copies binaries and the shared libraries ldd names into a rootfs.
add_binaries() {
  local root=$1; shift
  for bin in "$@"; do
    mkdir -p "$root$(dirname "$bin")"
    cp -L "$bin" "$root$bin"
    ldd "$bin" 2>/dev/null | grep -o '/[^ ]*' | while read -r lib; do
      mkdir -p "$root$(dirname "$lib")"
      cp -L "$lib" "$root$lib"
    done
  done
}

busybox_root() {
  local root=$1
  mkdir -p "$root"/{bin,tmp,data,etc,root}
  chmod 1777 "$root/tmp"
  cp /bin/busybox "$root/bin/busybox"
  for applet in sh ash cat tail sleep base64 echo ls ps kill env mkdir rm cp mv sed grep nc wc date head id true false printf hostname tr chmod touch uname tar; do
    ln -sf busybox "$root/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
}

import_root() {
  local root=$1 tag=$2; shift 2
  tar -C "$root" -c . | docker import -c "ENV FAKECLOUD_TEST_IMAGE_RECIPE=$RECIPE" "$@" - "$tag" >/dev/null
  echo "test image: $tag ($(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%.1f MB", $1/1e6}'))"
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! have fakecloud-test/busybox:latest; then
  busybox_root "$work/busybox"
  import_root "$work/busybox" fakecloud-test/busybox:latest -c 'CMD ["tail","-f","/dev/null"]'
fi

if ! have fakecloud-test/redis:7; then
  busybox_root "$work/redis"
  add_binaries "$work/redis" /usr/bin/redis-server /usr/bin/redis-cli
  # As the official image: protected mode off, so Redis answers through a port published from a bridge.
  import_root "$work/redis" fakecloud-test/redis:7 \
    -c 'CMD ["redis-server","--port","6379","--dir","/data","--protected-mode","no"]' -c 'WORKDIR /data' -c 'EXPOSE 6379'
fi

# As Debian-based official images are: bash and GNU cat, but no nc (and a shell that is not busybox's, which would
# run its own nc even without the link).
if ! have fakecloud-test/redis-nonc:7; then
  busybox_root "$work/redis-nonc"
  rm "$work/redis-nonc/bin/nc" "$work/redis-nonc/bin/sh" "$work/redis-nonc/bin/cat"
  add_binaries "$work/redis-nonc" /usr/bin/redis-server /usr/bin/redis-cli /bin/bash /bin/cat
  ln -sf bash "$work/redis-nonc/bin/sh"
  import_root "$work/redis-nonc" fakecloud-test/redis-nonc:7 \
    -c 'CMD ["redis-server","--port","6379","--dir","/data","--protected-mode","no"]' -c 'WORKDIR /data' -c 'EXPOSE 6379'
fi

if ! have fakecloud-test/memcached:1.6; then
  busybox_root "$work/memcached"
  add_binaries "$work/memcached" /usr/bin/memcached
  # As the official image: a non-root user, so memcached needs no -u.
  import_root "$work/memcached" fakecloud-test/memcached:1.6 \
    -c 'USER 65534' -c 'CMD ["memcached","-p","11211"]' -c 'EXPOSE 11211'
fi

# An EC2 instance image: busybox's sh (no bash), as small as an instance can be.
if ! have fakecloud-test/instance:latest; then
  busybox_root "$work/instance"
  printf 'NAME="fakecloud test instance"\nID=busybox\n' >"$work/instance/etc/os-release"
  import_root "$work/instance" fakecloud-test/instance:latest -c 'CMD ["sh"]'
fi

# A Lambda runtime image laid out as the AWS base images are (/lambda-entrypoint.sh,
# /usr/local/bin/aws-lambda-rie, /var/task), with a small Node.js emulator of the
# invoke API (test/support/images/lambda-rie.js) and this machine's node.
if ! have fakecloud-test/lambda-nodejs:20; then
  here=$(cd "$(dirname "$0")" && pwd)
  root="$work/lambda"
  busybox_root "$root"
  node_bin=$(readlink -f "$(command -v node)")
  add_binaries "$root" "$node_bin"
  [ "$node_bin" = /usr/bin/node ] || { mkdir -p "$root/usr/bin"; mv "$root$node_bin" "$root/usr/bin/node"; }
  mkdir -p "$root/usr/local/bin" "$root/var/task" "$root/var/runtime"
  install -m 755 "$here/images/lambda-rie.js" "$root/usr/local/bin/aws-lambda-rie"
  install -m 755 "$here/images/lambda-entrypoint.sh" "$root/lambda-entrypoint.sh"
  printf '#!/bin/sh\n# The emulator runs the handler itself; a real image has its runtime client here.\nexit 0\n' >"$root/var/runtime/bootstrap"
  chmod 755 "$root/var/runtime/bootstrap"
  import_root "$root" fakecloud-test/lambda-nodejs:20 \
    -c 'ENV LAMBDA_TASK_ROOT=/var/task LAMBDA_RUNTIME_DIR=/var/runtime' -c 'WORKDIR /var/task' \
    -c 'ENTRYPOINT ["/lambda-entrypoint.sh"]' -c 'EXPOSE 8080'
fi

# Three builds of one Redis image for update tests (legacy builder: works offline FROM a local image).
# The cache's port is on redis-server's command line; the healthcheck reads it from there.
build_variant() {
  local tag=$1 dockerfile=$2
  if have "$tag"; then return; fi
  mkdir -p "$work/$tag"
  printf '%s\n' "$dockerfile" > "$work/$tag/Dockerfile"
  cat > "$work/$tag/healthcheck.sh" <<'SH'
# redis-server retitles itself "redis-server *:PORT" (or ADDR:PORT).
p=$(tr '\0' ' ' </proc/1/cmdline | grep -o ':[0-9][0-9]*' | head -n 1 | tr -d ':')
redis-cli -p "${p:-6379}" ping | grep -q PONG
SH
  # Stand-ins for redis-server, for Pods (whose command replaces the entrypoint): one that
  # crashes, one that runs but never answers. The classic builder's COPY keeps the mode.
  printf '#!/bin/sh\necho this build crashes at start >&2\nexit 3\n' > "$work/$tag/redis-server-crash"
  printf '#!/bin/sh\necho this build never answers >&2\nexec sleep 3600\n' > "$work/$tag/redis-server-mute"
  chmod 755 "$work/$tag/redis-server-crash" "$work/$tag/redis-server-mute"
  DOCKER_BUILDKIT=0 docker build -q -t "$tag" "$work/$tag" >/dev/null
  echo "test image: $tag"
}
build_variant fakecloud-test/redis:7-healthy "FROM fakecloud-test/redis:7
COPY healthcheck.sh /healthcheck.sh
HEALTHCHECK --interval=1s --timeout=2s --retries=2 CMD [\"sh\", \"/healthcheck.sh\"]
ENV FAKECLOUD_TEST_IMAGE_RECIPE=$RECIPE VARIANT=healthy"
build_variant fakecloud-test/redis:7-crash "FROM fakecloud-test/redis:7
ENTRYPOINT [\"sh\", \"-c\", \"echo this build crashes at start >&2; exit 3\"]
ENV FAKECLOUD_TEST_IMAGE_RECIPE=$RECIPE VARIANT=crash"
build_variant fakecloud-test/redis:7-crash-server "FROM fakecloud-test/redis:7
COPY redis-server-crash /usr/local/bin/redis-server
ENV FAKECLOUD_TEST_IMAGE_RECIPE=$RECIPE VARIANT=crash-server"
build_variant fakecloud-test/redis:7-mute "FROM fakecloud-test/redis:7
COPY redis-server-mute /usr/local/bin/redis-server
ENV FAKECLOUD_TEST_IMAGE_RECIPE=$RECIPE VARIANT=mute"
# Never healthy, never failing: its health stays "starting", so an update waits out the whole health timeout.
build_variant fakecloud-test/redis:7-starting "FROM fakecloud-test/redis:7
HEALTHCHECK --interval=1s --timeout=2s --start-period=600s CMD [\"false\"]
ENV FAKECLOUD_TEST_IMAGE_RECIPE=$RECIPE VARIANT=starting"
build_variant fakecloud-test/redis:7-unhealthy "FROM fakecloud-test/redis:7
HEALTHCHECK --interval=1s --timeout=2s --retries=1 CMD [\"false\"]
ENV FAKECLOUD_TEST_IMAGE_RECIPE=$RECIPE VARIANT=unhealthy"
