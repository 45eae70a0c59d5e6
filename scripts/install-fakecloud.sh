#!/usr/bin/env bash
# Installs the real fakecloud server from crates.io (`cargo install`, a registry
# install only) at the version the suites are tested with. Cached in
# $FAKECLOUD_TOOLS_DIR (default ~/.cache/fakecloud-explorer) with cargo's build
# directory beside it, so a second run takes seconds. Prints the binary's path.
set -euo pipefail
VERSION=0.51.0
TOOLS="${FAKECLOUD_TOOLS_DIR:-$HOME/.cache/fakecloud-explorer}"
DIR="$TOOLS/fakecloud-$VERSION"
BIN="$DIR/bin/fakecloud"
if [ -x "$BIN" ] && [ -f "$DIR/.complete" ]; then echo "$BIN"; exit 0; fi

if ! command -v cargo >/dev/null 2>&1; then
  for c in "$HOME/.cargo/bin/cargo" /usr/local/cargo/bin/cargo; do
    [ -x "$c" ] && PATH="$(dirname "$c"):$PATH" && break
  done
fi
command -v cargo >/dev/null 2>&1 || { echo "fakecloud: cargo is needed to install the server (rustup.rs)" >&2; exit 1; }

echo "fakecloud: building $VERSION from crates.io into $DIR (the first time: many minutes)" >&2
started=$(date +%s)
mkdir -p "$TOOLS"
CARGO_TARGET_DIR="$TOOLS/cargo-target" cargo install fakecloud --version "$VERSION" --locked --root "$DIR" >&2
touch "$DIR/.complete"
echo "fakecloud: $VERSION built in $(( $(date +%s) - started )) s" >&2
echo "$BIN"
