#!/usr/bin/env bash
# Starts the packaged extension in a real VS Code: code-server 4.100.3 on
# 127.0.0.1 (PORT, default 8080), with a profile of its own under .code-server/.
# Usage: scripts/code-server.sh [FOLDER]     (npm start)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
ENTRY=$(bash scripts/install-code-server.sh)
PORT="${PORT:-8080}"
FOLDER="${1:-$ROOT}"
PROFILE="${CODE_SERVER_PROFILE:-$ROOT/.code-server}"
[ -f fakecloud-explorer.vsix ] && [ -z "$(find src package.json -newer fakecloud-explorer.vsix -print -quit)" ] || npm run --silent package
mkdir -p "$PROFILE/extensions" "$PROFILE/user-data/User"
# Loopback only: no public extension gallery, no telemetry, no update checks.
export EXTENSIONS_GALLERY='{"serviceUrl":"http://127.0.0.1:9/gallery","itemUrl":"http://127.0.0.1:9/items","resourceUrlTemplate":"http://127.0.0.1:9/r"}'
# Written once (yours to change after): on a machine without a registry or a bridge, the local images and the host
# network the setup script provides; see scripts/profile-settings.mjs.
if [ ! -f "$PROFILE/user-data/User/settings.json" ]; then
  node scripts/profile-settings.mjs > "$PROFILE/user-data/User/settings.json"
  echo "Profile settings: $PROFILE/user-data/User/settings.json"
fi
node "$ENTRY" --extensions-dir "$PROFILE/extensions" --user-data-dir "$PROFILE/user-data" --install-extension "$ROOT/fakecloud-explorer.vsix" --force >/dev/null
echo "Fakecloud Explorer in VS Code: http://127.0.0.1:$PORT/?folder=$FOLDER"
exec node "$ENTRY" --auth none --bind-addr "127.0.0.1:$PORT" --extensions-dir "$PROFILE/extensions" --user-data-dir "$PROFILE/user-data" \
  --disable-telemetry --disable-update-check --disable-workspace-trust "$FOLDER"
