#!/bin/sh
# Installs everything the Rollout Lens e2e harness needs, offline-friendly and idempotent:
#   1. Debian packages (chromium, ripgrep, libkrb5-dev + a C toolchain), only if something is missing
#   2. test/e2e/node_modules via `npm ci`, skipped when a stamp says it already matches the lockfile
#
# Why the extra steps around `npm ci` (code-server 4.100.3 bundles VS Code 1.100.3 and builds it on install):
#   - @vscode/ripgrep's postinstall downloads rg from GitHub. It first looks into
#     $TMPDIR/vscode-ripgrep-cache-<pkg version>/<asset>, so we put Debian's rg there beforehand.
#   - node-pty's postinstall runs `npx node-gyp`; a user npmrc with `yes=false` makes npx abort -> npm_config_yes.
#   - code-server's postinstall refuses to run as root unless npm_config_unsafe_perm is set.
#   - kerberos compiles against libkrb5-dev; node headers come from /usr/include/node (nodedir=/usr).
#
# Env: E2E_FORCE_INSTALL=1 reinstalls node_modules even if the stamp matches.
#      E2E_SKIP_BROWSER=1 does not install Chromium (`npm start` runs code-server only; the browser is the user's).
set -eu

E2E_DIR=$(cd "$(dirname "$0")/.." && pwd)
cd "$E2E_DIR"

say() { printf '[e2e-install] %s\n' "$*"; }
now() { date +%s; }
T0=$(now)

# Versions pinned by code-server 4.100.3 (lib/vscode: @vscode/ripgrep 1.15.11 -> ripgrep-prebuilt v13.0.0-10).
RG_PKG_VERSION=1.15.11
RG_TAG=v13.0.0-10
RG_ASSET="ripgrep-$RG_TAG-x86_64-unknown-linux-musl.tar.gz"

# ---------------------------------------------------------------- 1. Debian packages
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

missing=""
if [ "${E2E_SKIP_BROWSER:-0}" != 1 ] && [ -z "${CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1; then missing="$missing chromium"; fi
command -v rg >/dev/null 2>&1 || missing="$missing ripgrep"
have_pkg libkrb5-dev || missing="$missing libkrb5-dev"
{ command -v make && command -v g++; } >/dev/null 2>&1 || missing="$missing build-essential"
command -v python3 >/dev/null 2>&1 || missing="$missing python3"

if [ -n "$missing" ]; then
  say "installing Debian packages:$missing"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"
  else
    say "ERROR: missing Debian packages:$missing -- run as root or: sudo apt-get install -y$missing" >&2
    exit 1
  fi
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
  say "Debian packages installed ($(( $(now) - T0 ))s)"
fi

# ---------------------------------------------------------------- 2. node_modules
LOCK=package-lock.json
STAMP=node_modules/.rollout-lens-e2e-install.stamp
CS=node_modules/code-server

stamp_value() {
  # lockfile + package.json + node ABI: any change means node_modules (with native builds) is stale
  printf '%s %s %s\n' \
    "$(sha256sum "$LOCK" | cut -d' ' -f1)" \
    "$(sha256sum package.json | cut -d' ' -f1)" \
    "$(node -p 'process.version + "-" + process.versions.modules')"
}

complete() {
  [ -f "$LOCK" ] && [ -f "$STAMP" ] || return 1
  [ "$(cat "$STAMP")" = "$(stamp_value)" ] || return 1
  # cheap sanity checks that the tree was not partially deleted since
  [ -f "$CS/out/node/entry.js" ] && [ -d "$CS/lib/vscode/node_modules" ] \
    && [ -x "$CS/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" ] \
    && [ -f node_modules/playwright-core/package.json ] && [ -f node_modules/mocha/package.json ]
}

if [ "${E2E_FORCE_INSTALL:-0}" != 1 ] && complete; then
  say "node_modules up to date (stamp matches $LOCK)"
  exit 0
fi

# A short private TMPDIR: the ripgrep postinstall looks for its cache there, and nothing lands in /tmp.
INSTALL_TMP="$E2E_DIR/.tmp/install"
rm -rf "$INSTALL_TMP"
mkdir -p "$INSTALL_TMP"
export TMPDIR="$INSTALL_TMP"

seed_ripgrep() {
  cache="$TMPDIR/vscode-ripgrep-cache-$RG_PKG_VERSION"
  mkdir -p "$cache/stage"
  cp "$(command -v rg)" "$cache/stage/rg"
  tar -czf "$cache/$RG_ASSET" -C "$cache/stage" rg
  rm -rf "$cache/stage"
}

export npm_config_yes=true
export npm_config_unsafe_perm=true
export npm_config_update_notifier=false
export npm_config_fund=false
export npm_config_audit=false
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then
  export npm_config_nodedir=/usr    # node-gyp would otherwise try to download headers from nodejs.org
fi

run_npm() {
  if [ -f "$LOCK" ]; then npm ci --no-audit --no-fund --loglevel=error
  else say "no $LOCK yet: npm install (creates it)"; npm install --no-audit --no-fund --loglevel=error
  fi
}

say "installing node_modules (code-server 4.100.3 builds native modules; ~1 min)"
T1=$(now)
seed_ripgrep
if ! run_npm; then
  # the ripgrep postinstall deletes a cache file it considers bad; re-seed and try exactly once more
  say "npm failed, retrying once"
  seed_ripgrep
  run_npm
fi
stamp_value > "$STAMP"
rm -rf "$INSTALL_TMP"
say "node_modules installed in $(( $(now) - T1 ))s (total $(( $(now) - T0 ))s)"
