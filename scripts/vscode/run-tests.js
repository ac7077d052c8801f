#!/usr/bin/env node
// Runs VS Code extension tests inside a running code-server (see server.sh) by opening the
// workbench in headless Chromium with the extension-tests payload, relaying the extension
// host's console to stdout, and exiting with the tests' exit status.
//
// Usage: node run-tests.js <extensionDevelopmentPath> <extensionTestsPath.js> <workspaceFolder>
// Env:   POLICY_LENS_SERVER_URL   the code-server base URL (set by server.sh)          [required]
//        POLICY_LENS_TEST_TIMEOUT seconds before giving up (default 300): a screenshot is saved
//                                 to a temp dir and the runner exits 3
//        POLICY_LENS_EXT_ENV      JSON object of env variables for the extension host
//        PL_CHROMIUM / CHROMIUM_PATH  the browser (default /usr/bin/chromium)
//        DEBUG_BROWSER=1          also print the workbench's own console messages
// Exit:  the tests' status; 2 on a runner/browser error; 3 on timeout.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const EXIT_RUNNER_ERROR = 2;
const EXIT_TIMEOUT = 3;

function say(...args) { console.error('[runner]', ...args); }

// Log lines that are noise here: offline look-ups and the workbench's start-up chatter.
const NOISE = new RegExp([
  'open-vsx\\.org', 'mobile\\.events\\.data', 'ENOTFOUND', 'getaddrinfo',
  '^Resolv(ing|ed) connection token', '^Creating a socket', '^\\[reconnection-grace-time\\]',
  '^Updating additional builtin extensions cache', '^\\[Service Worker\\]', '^\\[AgentHost',
  '^\\[AccountPolicyGate\\]', "authentication provider 'github'",
].join('|'));

function chromiumPath() {
  const p = process.env.PL_CHROMIUM || process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!fs.existsSync(p)) {
    throw new Error(`Chromium not found at ${p}: apt-get install chromium, or set CHROMIUM_PATH`);
  }
  return p;
}

function loadPlaywright() {
  try {
    return require('playwright-core');
  } catch (e) {
    throw new Error(`playwright-core is not installed (npm ci in the repo, or tools.sh puts it on NODE_PATH): ${e.message}`);
  }
}

/** Launches headless Chromium with a throwaway profile. Returns { context, page, close }. */
async function launchChromium(options = {}) {
  const { chromium } = loadPlaywright();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-dev-shm-usage',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: options.viewport || { width: 1400, height: 850 },
    ...(options.colorScheme ? { colorScheme: options.colorScheme } : {}),
  });
  const page = context.pages()[0] || await context.newPage();
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await context.close().catch(() => undefined);
    fs.rmSync(profile, { recursive: true, force: true });
  };
  return { context, page, close };
}

/** vscode-remote URI for a path on the server's machine. */
function remoteUri(serverUrl, p) {
  return `vscode-remote://${new URL(serverUrl).host}${p}`;
}

/** Workbench URL opening `folder` with the given payload entries ([name, value] pairs). */
function workbenchUrl(serverUrl, folder, payload) {
  let url = `${serverUrl.replace(/\/$/, '')}/?folder=${encodeURIComponent(folder)}`;
  if (payload && payload.length) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv.length !== 3 || argv.includes('--help')) {
    console.error('usage: node run-tests.js <extensionDevelopmentPath> <extensionTestsPath.js> <workspaceFolder>');
    process.exit(EXIT_RUNNER_ERROR);
  }
  const [devPath, testsPath, folder] = argv.map((a) => path.resolve(a));
  const server = process.env.POLICY_LENS_SERVER_URL;
  if (!server) throw new Error('POLICY_LENS_SERVER_URL is not set (run me through scripts/vscode/server.sh)');
  if (!fs.existsSync(path.join(devPath, 'package.json'))) throw new Error(`no extension manifest at ${devPath}/package.json`);
  if (!fs.existsSync(testsPath)) throw new Error(`no test bundle at ${testsPath} (node scripts/vscode/build-tests.js builds it)`);
  if (!fs.statSync(folder).isDirectory()) throw new Error(`workspace folder is not a directory: ${folder}`);

  const timeoutS = Number(process.env.POLICY_LENS_TEST_TIMEOUT || 300);
  const payload = [
    ['extensionDevelopmentPath', remoteUri(server, devPath)],
    ['extensionTestsPath', remoteUri(server, testsPath)],
    ['skipWelcome', 'true'],
  ];
  if (process.env.POLICY_LENS_EXT_ENV) {
    JSON.parse(process.env.POLICY_LENS_EXT_ENV); // fail early on bad JSON
    payload.push(['extensionEnvironment', process.env.POLICY_LENS_EXT_ENV]);
  }
  const url = workbenchUrl(server, folder, payload);

  let browser;
  let finishing = false;
  const finish = async (code, why) => {
    if (finishing) return;
    finishing = true;
    clearTimeout(timer);
    if (why) say(why);
    if (browser) await browser.close();
    process.exit(code);
  };
  const timer = setTimeout(async () => {
    if (finishing) return;
    say(`TIMEOUT: the tests did not finish within ${timeoutS} s (POLICY_LENS_TEST_TIMEOUT)`);
    if (browser) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-timeout-'));
      const shot = path.join(dir, 'workbench.png');
      await browser.page.screenshot({ path: shot, timeout: 10000 }).then(
        () => say(`screenshot of the workbench at the timeout: ${shot}`),
        (e) => say(`could not take a screenshot: ${e.message}`));
    }
    await finish(EXIT_TIMEOUT);
  }, timeoutS * 1000);

  browser = await launchChromium();
  const { page } = browser;
  // Colour codes (mocha colours its check marks when it thinks a CI log supports colour)
  // are stripped unless the output is a terminal.
  const plain = (v) => (typeof v === 'string' && !process.stdout.isTTY ? v.replace(/\x1b\[[0-9;]*m/g, '') : v);
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const list = (Array.isArray(args) ? args : [args]).map(plain);
    if (NOISE.test(list.map(String).join(' '))) return;
    (type === 'error' ? console.error : console.log)(...list);
  });
  await page.exposeFunction('codeAutomationExit', async (code) => {
    const status = Number.isInteger(code) ? code : 1;
    await finish(status, status === 0 ? undefined : `extension tests exited with status ${status}`);
  });
  page.on('crash', () => finish(EXIT_RUNNER_ERROR, 'the browser page crashed'));
  browser.context.on('close', () => finish(EXIT_RUNNER_ERROR, 'the browser closed unexpectedly'));
  page.on('pageerror', (e) => { if (process.env.DEBUG_BROWSER) say('[page error]', e.message); });
  if (process.env.DEBUG_BROWSER) page.on('console', (m) => say('[browser]', m.text().slice(0, 400)));

  say(`opening the workbench: folder ${folder}, extension ${devPath}, tests ${testsPath}`);
  const response = await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60000 });
  if (!response || !response.ok()) {
    await finish(EXIT_RUNNER_ERROR, `the workbench did not load: HTTP ${response ? response.status() : 'no response'} from ${server}`);
  }
}

module.exports = { launchChromium, remoteUri, workbenchUrl, chromiumPath };

if (require.main === module) {
  main().catch((e) => {
    say('ERROR:', e && e.message ? e.message : e);
    process.exit(EXIT_RUNNER_ERROR);
  });
}
