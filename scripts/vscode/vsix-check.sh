#!/usr/bin/env bash
# `npm run test:vsix`: installs the packaged .vsix into a fresh code-server (as a user would
# with --install-extension) and checks that it activates on a policy text.
# Usage: vsix-check.sh [VSIX]   (default: policy-lens.vsix made by npm run package)
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
VSIX=$(realpath -e "${1:-$ROOT/policy-lens.vsix}") || { echo "[vsix] no vsix: run npm run package" >&2; exit 1; }
size=$(stat -c %s "$VSIX")
echo "[vsix] $VSIX: $((size / 1024)) KB"
[ "$size" -lt 1048576 ] || { echo "[vsix] ERROR: the vsix is over 1 MB" >&2; exit 1; }
copy_root=$(mktemp -d "${TMPDIR:-/tmp}/policy-lens-vsix.XXXXXX")
trap 'rm -rf "$copy_root"' EXIT
cp -a "$ROOT/test/fixtures/workspace" "$copy_root/workspace"
bash "$HERE/server.sh" --install-vsix "$VSIX" --folder "$copy_root/workspace" --extension "$ROOT/test/vsix-check" -- \
  node "$HERE/run-tests.js" "$ROOT/test/vsix-check" "$ROOT/test/vsix-check/index.js" "$copy_root/workspace"
