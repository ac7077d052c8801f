// Bundles the extension and the CLI. Type-checking is `tsc --noEmit` (npm run typecheck).
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

// The lexicon's JSON stays data beside the bundle (dist/lexicon/) instead of 38 KB of object
// literals inside it: required at run time from the bundle's own folder.
const lexiconData = ['./lexicon/builtin.json', './lexicon/countries.json'];

function copyLexiconData() {
  fs.mkdirSync('dist/lexicon', { recursive: true });
  for (const file of lexiconData) fs.copyFileSync(path.join('src/core', file), path.join('dist', file));
}

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', ...lexiconData] },
  { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js' },
  // Worker threads for `policy-lens stats` over many files.
  { ...common, entryPoints: ['src/node/statsWorker.ts'], outfile: 'dist/statsWorker.js' },
];

(async () => {
  copyLexiconData();
  if (watch) {
    for (const options of builds) {
      const context = await esbuild.context(options);
      await context.watch();
    }
    return;
  }
  await Promise.all(builds.map((options) => esbuild.build(options)));
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
