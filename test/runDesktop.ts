// `npm run test:desktop`: the integration suites in desktop VS Code through
// @vscode/test-electron, where it can download VS Code (or use VSCODE_EXECUTABLE_PATH).
// On a machine without that download (like the offline dev/CI machines), use
// `npm run test:integration`, which runs the same out/test/integration/index.js in code-server.
// Bundled to out/test/runDesktop.js by scripts/vscode/build-tests.js.
import * as fs from 'fs';
import * as path from 'path';
import { runTests, TestRunFailedError } from '@vscode/test-electron';

async function main(): Promise<number> {
  const root = path.resolve(__dirname, '..', '..');
  const extensionTestsPath = path.join(root, 'out', 'test', 'integration', 'index.js');
  const workspace = path.join(root, 'test', 'fixtures', 'workspace');
  if (!fs.existsSync(extensionTestsPath)) {
    console.error(`[desktop] no test bundle at ${extensionTestsPath}: run node scripts/vscode/build-tests.js`);
    return 1;
  }
  const launchArgs = [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'];
  if (process.platform === 'linux' && process.getuid?.() === 0) {
    launchArgs.push('--no-sandbox'); // Electron refuses to run as root otherwise
  }
  const executable = process.env.VSCODE_EXECUTABLE_PATH;
  try {
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath,
      launchArgs,
      ...(executable ? { vscodeExecutablePath: executable } : { version: process.env.VSCODE_VERSION ?? 'stable', timeout: 20_000 }),
    });
    return 0;
  } catch (error) {
    if (error instanceof TestRunFailedError) {
      console.error(`[desktop] ${error.message}`);
      return typeof error.code === 'number' && error.code !== 0 ? error.code : 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    console.error(
      `[desktop] could not get or start desktop VS Code: ${message}\n` +
      '[desktop] @vscode/test-electron downloads VS Code at run time; this machine cannot reach that download.\n' +
      '[desktop] Set VSCODE_EXECUTABLE_PATH to a local VS Code, or run `npm run test:integration`\n' +
      '[desktop] (the same suites in a real VS Code 1.139.1 through code-server, offline).');
    return 1;
  }
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error('[desktop] unexpected error:', error);
  process.exit(1);
});
