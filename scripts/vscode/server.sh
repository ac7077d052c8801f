#!/usr/bin/env bash
# Start a throwaway code-server (VS Code 1.139.1, real Node extension host) on 127.0.0.1,
# run a command against it, and ALWAYS stop it (whole process group) and delete its temp dirs.
#
# Usage:
#   server.sh [options] -- CMD [ARGS...]   run CMD while the server is up; exit with CMD's status
#   server.sh [options]                    print the workbench URL and serve until Ctrl+C (npm start)
# Options:
#   --folder DIR      workspace folder to open (for the printed/exported workbench URL)
#   --extension DIR   extension under development (extensionDevelopmentPath in the URL)
#   --settings FILE   JSON object merged over the default user settings (e.g. a colour theme)
#   --port N          port to bind (default: $PORT, else a free port chosen by the OS)
#   --install-vsix F  install the packaged extension F into the temp extensions dir first
#   --no-test-driver  start without `enable-smoke-test-driver`, for interactive use (npm start):
#                     notification toasts are shown, but the workbench ignores URL payloads, so
#                     --extension is installed as a symlink in the temp extensions dir instead
#                     (after a rebuild: "Developer: Reload Window")
# Exported to CMD:
#   POLICY_LENS_SERVER_URL   http://127.0.0.1:PORT
#   POLICY_LENS_OPEN_URL     workbench URL with --folder and --extension applied
#   POLICY_LENS_SERVER_LOG   the server's log file
#   POLICY_LENS_SERVER_TMP   a temp dir removed at the end (CMD may use it)
#   PL_* from tools.sh (PL_CHROMIUM, PL_TOOLS_NODE_PATH, ...); NODE_PATH gains the cached
#   playwright-core as a fallback for the project's own.
# Env: POLICY_LENS_SERVER_START_TIMEOUT (s, default 90), POLICY_LENS_KEEP_TMP=1 keeps the temp dir.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
say() { printf '[server] %s\n' "$*" >&2; }
die() { printf '[server] ERROR: %s\n' "$*" >&2; exit 1; }

FOLDER='' EXTENSION='' SETTINGS='' PORT_ARG=${PORT:-} TEST_DRIVER=1 VSIX=''
while [ $# -gt 0 ]; do
  case $1 in
    --folder) FOLDER=$(realpath -e "${2:?--folder needs a directory}") || die "no such folder: $2"; shift 2 ;;
    --extension) EXTENSION=$(realpath -e "${2:?--extension needs a directory}") || die "no such extension dir: $2"; shift 2 ;;
    --settings) SETTINGS=$(realpath -e "${2:?--settings needs a file}") || die "no such settings file: $2"; shift 2 ;;
    --install-vsix) VSIX=$(realpath -e "${2:?--install-vsix needs a .vsix file}") || die "no such vsix: $2"; shift 2 ;;
    --port) PORT_ARG=${2:?--port needs a number}; shift 2 ;;
    --no-test-driver) TEST_DRIVER=0; shift ;;
    --) shift; break ;;
    -h|--help) sed -n '2,25p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown option: $1 (see --help)" ;;
  esac
done
[ -z "$FOLDER" ] || [ -d "$FOLDER" ] || die "--folder is not a directory: $FOLDER"
[ -z "$EXTENSION" ] || [ -e "$EXTENSION/package.json" ] || die "--extension has no package.json: $EXTENSION"
[ -z "$PORT_ARG" ] || [[ $PORT_ARG =~ ^[0-9]+$ ]] || die "bad port: $PORT_ARG"
command -v node >/dev/null || die "node is not on PATH"

# shellcheck source=tools.sh
source "$HERE/tools.sh"
pl_tools_ensure || die "the VS Code tools are not available (see above)"

TMP_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/policy-lens-vscode.XXXXXX")
PGID='' CMD_PID=''
stop_server() {
  [ -n "$PGID" ] || return 0
  if kill -0 -- "-$PGID" 2>/dev/null; then
    kill -TERM -- "-$PGID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 -- "-$PGID" 2>/dev/null || break; sleep 0.1; done
    if kill -0 -- "-$PGID" 2>/dev/null; then
      say "code-server still running 5 s after SIGTERM; sending SIGKILL to process group $PGID"
      kill -KILL -- "-$PGID" 2>/dev/null || true
      sleep 0.2
    fi
  fi
  PGID=''
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP
  if [ -n "$CMD_PID" ] && kill -0 "$CMD_PID" 2>/dev/null; then
    kill -TERM "$CMD_PID" 2>/dev/null || true
    wait "$CMD_PID" 2>/dev/null || true
  fi
  stop_server
  if [ "${POLICY_LENS_KEEP_TMP:-}" = 1 ]; then
    say "kept temp dir $TMP_ROOT"
  else
    rm -rf "$TMP_ROOT"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# A fresh profile: user data, extensions, and XDG dirs so nothing lands in $HOME.
mkdir -p "$TMP_ROOT"/{user-data/User,extensions,xdg/config,xdg/data,xdg/cache,xdg/state,work}
LOG="$TMP_ROOT/server.log"
if [ "$TEST_DRIVER" = 0 ] && [ -n "$EXTENSION" ]; then
  ext_name=$(node -p "const m=require(process.argv[1]); m.publisher+'.'+m.name+'-'+m.version" "$EXTENSION/package.json")
  ln -s "$EXTENSION" "$TMP_ROOT/extensions/$ext_name"
fi
if [ -n "$VSIX" ]; then
  say "installing $VSIX"
  env XDG_CONFIG_HOME="$TMP_ROOT/xdg/config" XDG_DATA_HOME="$TMP_ROOT/xdg/data" XDG_CACHE_HOME="$TMP_ROOT/xdg/cache" \
    "$PL_NODE24" "$PL_CODE_SERVER" --user-data-dir "$TMP_ROOT/user-data" --extensions-dir "$TMP_ROOT/extensions" \
    --install-extension "$VSIX" >"$TMP_ROOT/install.log" 2>&1 </dev/null || { cat "$TMP_ROOT/install.log" >&2; die "could not install $VSIX"; }
fi
node - "$TMP_ROOT/user-data/User/settings.json" "$SETTINGS" <<'EOF' || die "could not write settings.json from ${SETTINGS:-defaults}"
const fs = require('fs');
const [out, extra] = process.argv.slice(2);
const settings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
};
if (extra) Object.assign(settings, JSON.parse(fs.readFileSync(extra, 'utf8')));
fs.writeFileSync(out, JSON.stringify(settings, null, 2) + '\n');
EOF

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})"
}
healthy() {  # healthy URL -> 0 when /healthz answers 200
  if command -v curl >/dev/null; then
    curl -sf -m 2 -o /dev/null "$1/healthz"
  else
    node -e "require('http').get(process.argv[1]+'/healthz',{timeout:2000},r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))" "$1"
  fi
}

start_server() {  # start_server PORT -> 0 when healthy, 1 when it died (log in $LOG), 2 on timeout
  local port=$1 url="http://127.0.0.1:$1" deadline
  local args=(--bind-addr "127.0.0.1:$port" --auth none --disable-telemetry --disable-update-check
    --disable-workspace-trust --disable-getting-started-override --reconnection-grace-time 5
    --user-data-dir "$TMP_ROOT/user-data" --extensions-dir "$TMP_ROOT/extensions")
  [ "$TEST_DRIVER" = 1 ] && args+=(--vscode-option enable-smoke-test-driver)
  : >"$LOG"; rm -f "$TMP_ROOT/pgid"
  # setsid makes code-server the leader of a new process group (its file watcher and extension
  # host are children that would otherwise outlive it); the inner shell records that group id.
  (cd "$TMP_ROOT/work" && exec env \
      XDG_CONFIG_HOME="$TMP_ROOT/xdg/config" XDG_DATA_HOME="$TMP_ROOT/xdg/data" \
      XDG_CACHE_HOME="$TMP_ROOT/xdg/cache" XDG_STATE_HOME="$TMP_ROOT/xdg/state" \
      PATH="$PL_NODE24_DIR/bin:$PATH" NODE_OPTIONS='' \
      setsid bash -c 'echo $$ >"$0"; exec "$@"' "$TMP_ROOT/pgid" \
      "$PL_NODE24" "$PL_CODE_SERVER" "${args[@]}") >"$LOG" 2>&1 </dev/null &
  for _ in $(seq 50); do [ -s "$TMP_ROOT/pgid" ] && break; sleep 0.1; done
  [ -s "$TMP_ROOT/pgid" ] || { say "code-server did not start (no process group)"; return 1; }
  PGID=$(cat "$TMP_ROOT/pgid")
  deadline=$((SECONDS + ${POLICY_LENS_SERVER_START_TIMEOUT:-90}))
  while [ $SECONDS -lt $deadline ]; do
    # Ours answers (not some other server that holds an explicitly requested port).
    if grep -q "HTTP server listening on $url/" "$LOG" && healthy "$url"; then return 0; fi
    if ! kill -0 "$PGID" 2>/dev/null; then stop_server; return 1; fi
    sleep 0.25
  done
  stop_server
  return 2
}

SERVER_URL=''
for attempt in 1 2 3; do
  port=${PORT_ARG:-$(free_port)}
  t0=$SECONDS
  rc=0; start_server "$port" || rc=$?
  if [ $rc -eq 0 ]; then
    SERVER_URL="http://127.0.0.1:$port"
    say "code-server $PL_CODE_SERVER_VERSION up at $SERVER_URL in $((SECONDS - t0)) s (pgid $PGID)"
    break
  fi
  if [ $rc -eq 1 ] && [ -z "$PORT_ARG" ] && grep -q EADDRINUSE "$LOG"; then
    say "port $port was taken meanwhile; trying another"; continue
  fi
  echo "----- last lines of the code-server log -----" >&2
  tail -n 30 "$LOG" >&2
  [ $rc -eq 2 ] && die "code-server did not answer $port/healthz within ${POLICY_LENS_SERVER_START_TIMEOUT:-90} s"
  die "code-server exited before it was healthy"
done
[ -n "$SERVER_URL" ] || die "could not find a free port for code-server"

OPEN_URL=$(node - "$SERVER_URL" "$FOLDER" "$EXTENSION" "$TEST_DRIVER" <<'EOF'
const [server, folder, ext, testDriver] = process.argv.slice(2);
const host = new URL(server).host;
let url = server + '/';
const q = [];
if (folder) q.push('folder=' + encodeURIComponent(folder));
if (ext && testDriver === '1') q.push('payload=' + encodeURIComponent(JSON.stringify([
  ['extensionDevelopmentPath', `vscode-remote://${host}${ext}`], ['skipWelcome', 'true']])));
if (q.length) url += '?' + q.join('&');
process.stdout.write(url);
EOF
)

export POLICY_LENS_SERVER_URL=$SERVER_URL POLICY_LENS_OPEN_URL=$OPEN_URL POLICY_LENS_SERVER_LOG=$LOG
export POLICY_LENS_SERVER_TMP="$TMP_ROOT/work"
export NODE_PATH="${NODE_PATH:+$NODE_PATH:}$PL_TOOLS_NODE_PATH"

if [ $# -eq 0 ]; then
  say "open this in a browser on this machine (Ctrl+C stops the server):"
  echo "$OPEN_URL"
  while kill -0 -- "-$PGID" 2>/dev/null; do sleep 1; done
  die "code-server stopped unexpectedly (log: $LOG)"
fi

# In the background so that a signal to this script is handled at once (the trap stops CMD too).
cmd_rc=0
"$@" &
CMD_PID=$!
wait "$CMD_PID" || cmd_rc=$?
CMD_PID=''
if [ $cmd_rc -ne 0 ]; then
  keep="${TMPDIR:-/tmp}/policy-lens-code-server-$(date +%Y%m%d-%H%M%S)-$$.log"
  cp "$LOG" "$keep" 2>/dev/null || true
  say "command exited with status $cmd_rc; code-server log kept at $keep"
fi
exit $cmd_rc
