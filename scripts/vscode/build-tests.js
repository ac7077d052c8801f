#!/usr/bin/env node
// Bundles the integration tests for VS Code's extension host, and the desktop runner:
//   test/integration/index.ts (+ the suites it imports, + mocha) -> out/test/integration/index.js
//   test/runDesktop.ts (+ @vscode/test-electron)                  -> out/test/runDesktop.js
// `vscode` stays external: the extension host provides it.
// Fails when a test/integration/*.test.ts suite is not imported by test/integration/index.ts
// (the bundle only contains what the index imports).
'use strict';
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..', '..');
const integrationDir = path.join(root, 'test', 'integration');

function checkSuitesAreImported() {
  const index = fs.readFileSync(path.join(integrationDir, 'index.ts'), 'utf8');
  const suites = fs.readdirSync(integrationDir).filter((f) => f.endsWith('.test.ts')).sort();
  const missing = suites.filter((f) => {
    const base = f.replace(/\.ts$/, '');
    return !new RegExp(`import\\(\\s*['"]\\./${base.replace(/\./g, '\\.')}(\\.js)?['"]\\s*\\)`).test(index);
  });
  if (missing.length > 0) {
    throw new Error(`test/integration/index.ts does not import ${missing.join(', ')}: add each to SUITES, ` +
      `e.g. ['${missing[0]}', () => import('./${missing[0].replace(/\.ts$/, '.js')}')]`);
  }
  if (suites.length === 0) throw new Error('no test/integration/*.test.ts suite found');
  return suites;
}

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  logLevel: 'warning',
  legalComments: 'none',
};

(async () => {
  const suites = checkSuitesAreImported();
  await Promise.all([
    esbuild.build({
      ...common,
      entryPoints: ['test/integration/index.ts'],
      outfile: 'out/test/integration/index.js',
      external: ['vscode'],
      // mocha's parallel mode (unused here) require.resolve()s its worker files: harmless.
      logOverride: { 'require-resolve-not-external': 'silent' },
    }),
    esbuild.build({
      ...common,
      entryPoints: ['test/runDesktop.ts'],
      outfile: 'out/test/runDesktop.js',
      external: ['vscode'],
    }),
  ]);
  console.log(`[build-tests] out/test/integration/index.js (${suites.length} suite${suites.length === 1 ? '' : 's'}: ${suites.join(', ')}), out/test/runDesktop.js`);
})().catch((error) => {
  console.error('[build-tests] ERROR:', error && error.message ? error.message : error);
  process.exit(1);
});
