#!/usr/bin/env bash
# Installs what the end-to-end test needs: Debian chromium + build tools, and code-server 4.100.3
# (VS Code 1.100.3 in the browser; the last release whose engines accept Node 20) with its native
# modules built locally. Only the npm registry and Debian apt are used: code-server's own postinstall
# (which downloads ripgrep from GitHub) is replaced by the steps below.
#
# Idempotent: a finished install leaves a stamp file and later runs return at once.
#   LOGIT_LINT_E2E_CACHE  where code-server and the driver go (default ~/.cache/logit-lint-e2e)
#   SKIP_APT=1            do not run apt-get (packages already present)
set -euo pipefail

CACHE=${LOGIT_LINT_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/logit-lint-e2e}
CS_VERSION=4.100.3
STAMP="$CACHE/cs/.install-done-$CS_VERSION"
T0=$(date +%s)
log() { echo "[e2e setup +$(( $(date +%s) - T0 ))s] $*"; }

if [ -z "${SKIP_APT:-}" ] && ! { command -v chromium && command -v rg && dpkg -s libsecret-1-dev libkrb5-dev libxkbfile-dev; } >/dev/null 2>&1; then
  log "apt-get install (chromium, ripgrep, build tools for code-server's native modules)"
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
    build-essential python3 pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev \
    ripgrep chromium curl >/dev/null
fi

if [ -f "$STAMP" ]; then
  log "code-server $CS_VERSION already installed in $CACHE/cs"
  exit 0
fi

# Native modules build against the local Node headers (node-gyp cannot download them here), and
# node-pty's install runs `npx node-gyp`, which must be allowed to fetch node-gyp from the registry.
export npm_config_nodedir=${npm_config_nodedir:-/usr}
export npm_config_yes=true npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

mkdir -p "$CACHE/cs"
cd "$CACHE/cs"
[ -f package.json ] || echo '{"name":"logit-lint-e2e-code-server","private":true}' > package.json
log "npm install code-server@$CS_VERSION (scripts off)"
npm install --ignore-scripts --no-save "code-server@$CS_VERSION" >/dev/null
npm rebuild argon2 >/dev/null

CS="$CACHE/cs/node_modules/code-server"
cd "$CS/lib/vscode"
log "VS Code's dependencies"
npm install --omit=dev --ignore-scripts >/dev/null
# @vscode/ripgrep's postinstall skips its GitHub download when bin/ already holds rg.
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
log "building native modules"
npm rebuild >/dev/null
# The rest of code-server's postinstall.sh.
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev >/dev/null)
for m in kerberos @vscode/spdlog native-watchdog node-pty @vscode/deviceid; do
  ls node_modules/$m/build/Release/*.node >/dev/null
done
touch "$STAMP"
log "done: $(du -sh "$CACHE/cs/node_modules" | cut -f1) in $CACHE/cs"
