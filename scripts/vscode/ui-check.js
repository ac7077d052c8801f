#!/usr/bin/env node
// `npm run ui-check`: look at Policy Lens the way a person would, in a real VS Code
// (code-server via server.sh) driven by headless Chromium, once per colour theme:
// open a policy text from the explorer, run the CHECKS below, save a screenshot per theme.
//
//   node scripts/vscode/ui-check.js              (after npm run build)
// Env:
//   POLICY_LENS_UI_FOLDER  folder to open (default samples/, or test/fixtures/workspace when
//                          samples/ holds no policy text)
//   POLICY_LENS_UI_FILE    file to open in it (default: the first NNN_*.txt or *.policy.txt)
//   POLICY_LENS_UI_THEMES  comma list of light,dark (default both)
//   POLICY_LENS_UI_OUT     where screenshots go (default media/): ui-check-<theme>.png
//   POLICY_LENS_UI_CHECKS  a .js module exporting more checks ({ name, run(ctx) }[])
//   POLICY_LENS_UI_KEEP_OPEN_MS  pause before closing (debugging)
// Exit: 0 when every check passed in every theme.
//
// To add a check: append { name, run: async ({ page, theme, file, helpers }) => { ... } } to
// CHECKS; throw (or use assert) to fail. The helpers exported below (openFile, runCommand,
// goToPosition, hoverAt, statusBarText, statusBarItems, readNotifications, screenshot) are
// the reusable part.
'use strict';
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { launchChromium } = require('./run-tests.js');

const ROOT = path.resolve(__dirname, '..', '..');
const THEMES = {
  // Theme ids as VS Code 1.139 names them (older releases called them "Default ... Modern").
  light: { setting: 'Light Modern', workbenchClass: 'vs', editorBackground: 'rgb(255, 255, 255)', colorScheme: 'light' },
  dark: { setting: 'Dark Modern', workbenchClass: 'vs-dark', editorBackground: 'rgb(31, 31, 31)', colorScheme: 'dark' },
};
const POLICY_FILE = /^(\d{3}_.*\.txt|.*\.policy\.txt)$/;

// ---------------------------------------------------------------------------------------
// Reusable helpers. Each takes the Playwright page of a loaded workbench.

/** Waits for the workbench and the explorer's first rows. */
async function waitForWorkbench(page, timeout = 90000) {
  await page.waitForSelector('.monaco-workbench', { timeout });
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout });
}

/** Opens a file of the workspace root by double-clicking it in the explorer
 *  (Quick Open with Ctrl+P is unreliable here). Scrolls the explorer when needed. */
async function openFile(page, name) {
  const row = page.locator('.explorer-folders-view .monaco-list-row').filter({
    has: page.locator('.label-name', { hasText: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }),
  });
  const list = page.locator('.explorer-folders-view .monaco-list');
  for (let i = 0; i < 40 && await row.count() === 0; i++) {
    await list.hover();
    await page.mouse.wheel(0, 300);
    await page.waitForTimeout(100);
  }
  if (await row.count() === 0) throw new Error(`${name} is not in the explorer`);
  await row.first().dblclick();
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: 20000 });
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ timeout: 20000 });
}

/** Runs a command from the command palette by its label, e.g. 'Policy Lens: Analyse'. */
async function runCommand(page, label) {
  await openPalette(page, '>' + label);
  const item = page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first();
  await item.waitFor({ timeout: 10000 }).catch(() => { throw new Error(`no command "${label}" in the palette`); });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10000 }).catch(() => undefined);
}

async function openPalette(page, text) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await page.keyboard.press('Control+Shift+P');
  await input.waitFor({ state: 'visible', timeout: 10000 });
  await input.fill(text);
  return input;
}

/** Moves the cursor of the active editor to a 1-based line and column (Go to Line). */
async function goToPosition(page, line, column = 1) {
  await openPalette(page, `:${line}:${column}`);
  await page.waitForTimeout(150);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10000 }).catch(() => undefined);
}

/** Hovers the mouse over the text at a 1-based line/column of the active editor and returns
 *  the hover's text (throws when no hover shows up). */
async function hoverAt(page, line, column, { timeout = 15000 } = {}) {
  await goToPosition(page, line, column);
  const cursor = page.locator('.editor-instance .monaco-editor.focused .cursors-layer .cursor').first();
  await cursor.waitFor({ state: 'attached', timeout: 5000 });
  const box = await cursor.boundingBox();
  if (!box) throw new Error('the editor cursor is not visible');
  const y = box.y + box.height / 2;
  const hover = page.locator('.monaco-editor .monaco-hover:not(.hidden)').first();
  const deadline = Date.now() + timeout;
  // Arrive from the left like a person would; move again now and then in case the first
  // hover request raced the extension's activation.
  for (let attempt = 0; Date.now() < deadline; attempt++) {
    await page.mouse.move(box.x - 30, y);
    await page.mouse.move(box.x + 3 + (attempt % 2), y, { steps: 5 });
    const shown = await hover.waitFor({ state: 'visible', timeout: Math.min(3000, Math.max(1, deadline - Date.now())) })
      .then(() => true, () => false);
    if (shown) return (await hover.innerText()).trim();
  }
  throw new Error(`no hover appeared at ${line}:${column}`);
}

/** Text of a status bar item by its element id: 'status.editor.mode' is the language,
 *  an extension's items are '<publisher>.<name>.<item id>'. */
async function statusBarText(page, id, { timeout = 10000 } = {}) {
  const item = page.locator(`[id="${id}"]`);
  await item.waitFor({ state: 'attached', timeout });
  return (await item.innerText()).trim();
}

/** All status bar items as { id, text } (to discover ids when writing a check). */
async function statusBarItems(page) {
  return page.$$eval('.statusbar .statusbar-item', (els) => els.map((e) => ({ id: e.id, text: e.innerText.trim() })));
}

/** Waits until a status bar item shows the expected text (string or RegExp); returns it. */
async function waitForStatusBarText(page, id, expected, timeout = 10000) {
  const deadline = Date.now() + timeout;
  let text = '';
  while (Date.now() < deadline) {
    text = await statusBarText(page, id, { timeout: Math.max(1, deadline - Date.now()) }).catch(() => '');
    if (typeof expected === 'string' ? text === expected : expected.test(text)) return text;
    await page.waitForTimeout(200);
  }
  throw new Error(`status bar item ${id} shows "${text}", expected ${expected}`);
}

/** Texts of the notifications. The server's test-driver mode hides toasts, so this opens the
 *  notification centre. */
async function readNotifications(page) {
  const center = page.locator('.notifications-center');
  if (!await center.isVisible().catch(() => false)) {
    await page.locator('[id="status.notifications"]').click();
    await center.waitFor({ state: 'visible', timeout: 5000 }).catch(() => undefined);
  }
  return page.locator('.notifications-center .notification-list-item').allInnerTexts();
}

/** Saves a screenshot of the whole window. */
async function screenshot(page, file) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file });
  return file;
}

const helpers = {
  waitForWorkbench, openFile, runCommand, goToPosition, hoverAt, statusBarText, statusBarItems,
  waitForStatusBarText, readNotifications, screenshot,
};

// ---------------------------------------------------------------------------------------
// The checks, run in order on the opened policy text, once per theme.
const CHECKS = [
  {
    name: 'the colour theme is applied',
    run: async ({ page, theme }) => {
      const want = THEMES[theme];
      const seen = await page.waitForFunction(([cls, bg]) => {
        const workbench = document.querySelector('.monaco-workbench');
        const editor = document.querySelector('.editor-instance .monaco-editor-background');
        const state = { classes: workbench ? workbench.className : '', background: editor ? getComputedStyle(editor).backgroundColor : '' };
        return state.classes.split(/\s+/).includes(cls) && state.background === bg ? state : false;
      }, [want.workbenchClass, want.editorBackground], { timeout: 15000 }).then((h) => h.jsonValue(), () => null);
      if (!seen) {
        const background = await page.locator('.editor-instance .monaco-editor-background').first()
          .evaluate((e) => getComputedStyle(e).backgroundColor).catch(() => '?');
        throw new Error(`${want.setting} is not shown: want class ${want.workbenchClass} and editor background ${want.editorBackground}, ` +
          `editor background is ${background}`);
      }
    },
  },
  {
    name: 'the status bar shows the language "Policy Text"',
    run: async ({ page }) => { await waitForStatusBarText(page, 'status.editor.mode', 'Policy Text'); },
  },
];

// ---------------------------------------------------------------------------------------

function say(...args) { console.log('[ui-check]', ...args); }

function pickFolderAndFile() {
  let folder = process.env.POLICY_LENS_UI_FOLDER && path.resolve(process.env.POLICY_LENS_UI_FOLDER);
  const policyFiles = (dir) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => POLICY_FILE.test(f)).sort() : []);
  if (!folder) {
    folder = path.join(ROOT, 'samples');
    if (policyFiles(folder).length === 0) {
      say(`samples/ holds no policy text yet; using test/fixtures/workspace`);
      folder = path.join(ROOT, 'test', 'fixtures', 'workspace');
    }
  }
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) throw new Error(`no folder ${folder}`);
  const file = process.env.POLICY_LENS_UI_FILE || policyFiles(folder)[0];
  if (!file) throw new Error(`no policy text (NNN_*.txt or *.policy.txt) in ${folder}; set POLICY_LENS_UI_FILE`);
  if (!fs.existsSync(path.join(folder, file))) throw new Error(`no file ${file} in ${folder}`);
  return { folder, file };
}

// Outer process: one server per theme (the theme is a user setting read at start).
function outer() {
  const { folder, file } = pickFolderAndFile();
  const extension = path.resolve(process.env.POLICY_LENS_EXTENSION_DIR || ROOT);
  const manifest = JSON.parse(fs.readFileSync(path.join(extension, 'package.json'), 'utf8'));
  if (manifest.main && !fs.existsSync(path.resolve(extension, manifest.main))) {
    throw new Error(`the extension is not built (${manifest.main} missing): run npm run build`);
  }
  const themes = (process.env.POLICY_LENS_UI_THEMES || 'light,dark').split(',').map((t) => t.trim()).filter(Boolean);
  for (const t of themes) if (!THEMES[t]) throw new Error(`unknown theme "${t}" (known: ${Object.keys(THEMES).join(', ')})`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-ui-'));
  const failed = [];
  try {
    for (const theme of themes) {
      const settings = path.join(tmp, `settings-${theme}.json`);
      fs.writeFileSync(settings, JSON.stringify({ 'workbench.colorTheme': THEMES[theme].setting }));
      say(`--- ${theme} theme (${THEMES[theme].setting}): ${path.relative(ROOT, folder) || '.'}/${file}`);
      const result = spawnSync('bash', [path.join(__dirname, 'server.sh'), '--folder', folder, '--extension', extension,
        '--settings', settings, '--', process.execPath, __filename, '--inner', theme, file], { stdio: 'inherit' });
      if (result.status !== 0) failed.push(theme);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  if (failed.length) {
    say(`FAILED in: ${failed.join(', ')}`);
    return 1;
  }
  say(`all checks passed in: ${themes.join(', ')}`);
  return 0;
}

// Inner process, run by server.sh with POLICY_LENS_OPEN_URL set.
async function inner(theme, file) {
  const url = process.env.POLICY_LENS_OPEN_URL;
  if (!url) throw new Error('POLICY_LENS_OPEN_URL is not set (the inner run is started by server.sh)');
  const outDir = path.resolve(process.env.POLICY_LENS_UI_OUT || path.join(ROOT, 'media'));
  const checks = [...CHECKS];
  if (process.env.POLICY_LENS_UI_CHECKS) checks.push(...require(path.resolve(process.env.POLICY_LENS_UI_CHECKS)));
  const browser = await launchChromium({ colorScheme: THEMES[theme].colorScheme });
  const { page } = browser;
  let failures = 0;
  try {
    const t0 = Date.now();
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60000 });
    await waitForWorkbench(page);
    say(`workbench loaded in ${Date.now() - t0} ms`);
    await openFile(page, file);
    await page.waitForTimeout(1500); // let the extension activate and decorate
    for (const check of checks) {
      try {
        await check.run({ page, theme, file, helpers });
        say(`  ok    ${check.name}`);
      } catch (e) {
        failures++;
        say(`  FAIL  ${check.name}: ${e && e.message ? e.message.split('\n')[0] : e}`);
      }
    }
    const shot = await screenshot(page, path.join(outDir, `ui-check-${theme}.png`));
    say(`screenshot: ${path.relative(ROOT, shot)}`);
    if (process.env.POLICY_LENS_UI_KEEP_OPEN_MS) await page.waitForTimeout(Number(process.env.POLICY_LENS_UI_KEEP_OPEN_MS));
  } catch (e) {
    failures++;
    const shot = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-ui-fail-')), `${theme}.png`);
    await page.screenshot({ path: shot }).catch(() => undefined);
    say(`ERROR (${theme}): ${e && e.message ? e.message : e}; screenshot ${shot}`);
  } finally {
    await browser.close();
  }
  return failures === 0 ? 0 : 1;
}

module.exports = { ...helpers, CHECKS, THEMES };

if (require.main === module) {
  const args = process.argv.slice(2);
  const run = args[0] === '--inner' ? inner(args[1], args[2]) : Promise.resolve().then(outer);
  run.then((code) => process.exit(code), (e) => {
    console.error('[ui-check] ERROR:', e && e.message ? e.message : e);
    process.exit(1);
  });
}
