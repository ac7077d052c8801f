// Entry of the integration tests, loaded by VS Code's extension host as `extensionTestsPath`
// (code-server harness: scripts/vscode/integration-test.sh; desktop: test/runDesktop.ts).
// scripts/vscode/build-tests.js bundles this file and the suites it imports into
// out/test/integration/index.js, so every suite must be imported below: the build fails
// when a test/integration/*.test.ts file is missing from SUITES.
import Mocha from 'mocha';

// Loaded lazily, after mocha has set up its TDD globals (suite, test, suiteSetup, ...).
const SUITES: ReadonlyArray<readonly [string, () => Promise<unknown>]> = [
  ['smoke.test.ts', () => import('./smoke.test.js')],
  ['language.test.ts', () => import('./language.test.js')],
  ['decorations.test.ts', () => import('./decorations.test.js')],
  ['hover.test.ts', () => import('./hover.test.js')],
  ['navigation.test.ts', () => import('./navigation.test.js')],
  ['actorsFile.test.ts', () => import('./actorsFile.test.js')],
  ['tagging.test.ts', () => import('./tagging.test.js')],
  ['sidecarLifecycle.test.ts', () => import('./sidecarLifecycle.test.js')],
  ['claimsPanel.test.ts', () => import('./claimsPanel.test.js')],
  ['jsonValidation.test.ts', () => import('./jsonValidation.test.js')],
  ['performance.test.ts', () => import('./performance.test.js')],
  ['taggingPerformance.test.ts', () => import('./taggingPerformance.test.js')],
];

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000, reporter: 'spec' });
  const grep = process.env.POLICY_LENS_TEST_GREP;
  if (grep) {
    mocha.grep(grep);
  }
  for (const [file, load] of SUITES) {
    mocha.suite.emit('pre-require', globalThis, file, mocha);
    await load();
    mocha.suite.emit('post-require', globalThis, file, mocha);
  }
  return new Promise<void>((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const stats = runner.stats;
      const passed = stats?.passes ?? 0;
      const skipped = stats?.pending ?? 0;
      const summary = `${passed} passed, ${failures} failed` + (skipped > 0 ? `, ${skipped} skipped` : '');
      console.log(summary);
      if (failures > 0) {
        reject(new Error(`${failures} integration test(s) failed`));
      } else if (passed === 0) {
        reject(new Error('no integration test ran'));
      } else {
        resolve();
      }
    });
  });
}
