#!/usr/bin/env bash
# npm start: opens VS Code on samples/ with the extension under development.
# Desktop VS Code when `code` is on PATH; otherwise the cached code-server on 127.0.0.1.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
folder=${1:-$root/samples}
if command -v code >/dev/null 2>&1 && [ -z "${POLICY_LENS_USE_CODE_SERVER:-}" ]; then
  exec code --extensionDevelopmentPath="$root" "$folder"
fi
echo "Desktop VS Code (code) not found: starting code-server on 127.0.0.1; open the URL it prints."
exec bash "$root/scripts/vscode/server.sh" --no-test-driver --folder "$folder" --extension "$root"
