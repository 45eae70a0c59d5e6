#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3, Node 20 extension host) from npm,
# doing its postinstall steps by hand (they would download ripgrep). Cached in
# $FAKECLOUD_TOOLS_DIR (default ~/.cache/fakecloud-explorer) across clones and runs.
set -euo pipefail
VERSION=4.100.3
TOOLS="${FAKECLOUD_TOOLS_DIR:-$HOME/.cache/fakecloud-explorer}"
DIR="$TOOLS/code-server-$VERSION"
ENTRY="$DIR/node_modules/code-server/out/node/entry.js"
if [ -f "$DIR/.complete" ] && [ -f "$ENTRY" ]; then echo "$ENTRY"; exit 0; fi

need_pkgs=()
for p in libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep chromium; do
  dpkg -s "$p" >/dev/null 2>&1 || need_pkgs+=("$p")
done
if [ ${#need_pkgs[@]} -gt 0 ]; then
  echo "code-server: installing ${need_pkgs[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi

echo "code-server: installing $VERSION into $DIR (about 2 minutes)" >&2
rm -rf "$DIR"
mkdir -p "$DIR"
cd "$DIR"
echo '{"name":"code-server-tools","private":true}' > package.json
npm install --no-audit --no-fund --ignore-scripts "code-server@$VERSION" >&2
npm rebuild argon2 >&2
VS="$DIR/node_modules/code-server/lib/vscode"
( cd "$VS" && npm install --no-audit --no-fund --omit=dev --ignore-scripts >&2 )
mkdir -p "$VS/node_modules/@vscode/ripgrep/bin"
cp /usr/bin/rg "$VS/node_modules/@vscode/ripgrep/bin/rg"
( cd "$VS" && npm_config_yes=true npm rebuild kerberos node-pty @vscode/spdlog native-watchdog @parcel/watcher @vscode/deviceid >&2 )
( cd "$VS" && ln -sfn node_modules node_modules.asar )
( cd "$VS/bin/remote-cli" && ln -sfn code-linux.sh code-server )
( cd "$VS/bin/helpers" && ln -sfn browser-linux.sh browser.sh )
( cd "$VS/extensions" && npm install --no-audit --no-fund --omit=dev >&2 )
touch "$DIR/.complete"
echo "$ENTRY"
