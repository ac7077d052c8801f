#!/usr/bin/env bash
# `npm run test:integration`: the integration suites in a real VS Code (code-server 4.139.1 =
# VS Code 1.139.1, Node extension host), offline, driven by headless Chromium.
#
# Usage: integration-test.sh [EXTENSION_DIR [TESTS_INDEX_JS [WORKSPACE]]]
#   defaults: the repo root, out/test/integration/index.js, test/fixtures/workspace
#   (npm run test:integration builds dist/ and out/ first).
# The tests run on a temp COPY of the workspace (they may edit, save and add files there),
# deleted afterwards; POLICY_LENS_WORKSPACE_IN_PLACE=1 opens the folder itself instead.
# Env: POLICY_LENS_TOOLS (tools cache), POLICY_LENS_TEST_TIMEOUT (s, default 300),
#      POLICY_LENS_EXT_ENV (JSON env for the extension host), PORT.
# Exit: the tests' status; non-zero too when the tools or the server cannot start, or on timeout.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
die() { printf '[integration] ERROR: %s\n' "$*" >&2; exit 1; }

EXT=$(realpath -m "${1:-$ROOT}")
TESTS=$(realpath -m "${2:-$ROOT/out/test/integration/index.js}")
WS=$(realpath -m "${3:-$ROOT/test/fixtures/workspace}")

[ -f "$EXT/package.json" ] || die "no extension manifest at $EXT/package.json"
main=$(node -p "require(process.argv[1]).main || ''" "$EXT/package.json")
if [ -n "$main" ]; then
  entry=$(realpath -m "$EXT/$main")
  [ -e "$entry" ] || [ -e "$entry.js" ] || die "the extension's main $main is not built ($entry missing): run npm run build"
fi
[ -f "$TESTS" ] || die "no test bundle at $TESTS: run node scripts/vscode/build-tests.js"
[ -d "$WS" ] || die "no workspace folder at $WS"

if [ "${POLICY_LENS_WORKSPACE_IN_PLACE:-}" != 1 ]; then
  copy_root=$(mktemp -d "${TMPDIR:-/tmp}/policy-lens-workspace.XXXXXX")
  trap 'rm -rf "$copy_root"' EXIT
  cp -a "$WS" "$copy_root/" || die "could not copy the workspace $WS"
  WS="$copy_root/$(basename "$WS")"
fi

rc=0
bash "$HERE/server.sh" --folder "$WS" --extension "$EXT" -- \
  node "$HERE/run-tests.js" "$EXT" "$TESTS" "$WS" || rc=$?
exit $rc
