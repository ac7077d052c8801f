#!/usr/bin/env node
// `npm run ui-check`: look at Policy Lens the way a person would, in a real VS Code
// (code-server via server.sh) driven by headless Chromium, once per colour theme:
// open a policy text from the explorer, run the CHECKS below, save a screenshot per theme.
//
//   node scripts/vscode/ui-check.js              (after npm run build)
// Env:
//   POLICY_LENS_UI_FOLDER  folder to open (default samples/, or test/fixtures/workspace when
//                          samples/ holds no policy text); a temporary copy of it is opened,
//                          since the checks tag claims
//   POLICY_LENS_UI_FILE    file to open in it (default: the first NNN_*.txt or *.policy.txt)
//   POLICY_LENS_UI_THEMES  comma list of light,dark (default both)
//   POLICY_LENS_UI_OUT     where screenshots go (default media/): ui-check-<theme>.jpg,
//                          claims-panel-<theme>.jpg, tag-picker.jpg (JPEG keeps the .vsix under 1 MB)
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
  await page.screenshot(file.endsWith('.jpg') ? { path: file, type: 'jpeg', quality: 70 } : { path: file });
  return file;
}

/** The rows of a view in the side bar, by its title (e.g. 'Claims'), as their text. */
async function viewRows(page, title) {
  const pane = page.locator('.pane').filter({ has: page.locator('.pane-header .title', { hasText: new RegExp(`^${title}$`, 'i') }) }).first();
  await pane.locator('.monaco-list-row').first().waitFor({ timeout: 20000 });
  return pane.locator('.monaco-list-row').allInnerTexts();
}

/** Drags the sash between the side bar and the editor to `x` pixels from the left. */
async function widenSideBar(page, x) {
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  if (!sidebar) return;
  const edge = sidebar.x + sidebar.width;
  // The sash on the side bar's right edge.
  const sashes = await page.locator('.monaco-sash.vertical').evaluateAll((elements) => elements.map((element) => {
    const box = element.getBoundingClientRect();
    return { x: box.x + box.width / 2, y: box.y + box.height / 2, height: box.height };
  }));
  const sash = sashes.filter((box) => box.height > 200).sort((a, b) => Math.abs(a.x - edge) - Math.abs(b.x - edge))[0];
  if (!sash || Math.abs(sash.x - edge) > 8) throw new Error(`no sash at the side bar's edge (${edge})`);
  const from = { x: sash.x, y: sash.y };
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(x, from.y, { steps: 10 });
  await page.mouse.up();
  await page.waitForTimeout(300);
}

/** The number on an activity bar item's badge (by its title, e.g. 'Policy Lens'), or undefined. */
async function activityBadge(page, title) {
  const item = page.locator(`.activitybar .action-item:has(.action-label[aria-label^="${title}"])`).first();
  const badge = item.locator('.badge-content');
  if (await badge.count() === 0) return undefined;
  const text = (await badge.first().innerText()).trim();
  return text === '' ? undefined : text;
}

const helpers = {
  waitForWorkbench, openFile, runCommand, goToPosition, hoverAt, statusBarText, statusBarItems,
  waitForStatusBarText, readNotifications, screenshot, viewRows, activityBadge, widenSideBar,
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
  {
    name: 'claims are tagged from the keyboard: next untagged claim, accept, a type key',
    run: async ({ page }) => {
      await goToPosition(page, 1, 1);
      // Accept the first two suggestions, then say the next three are assessments.
      const selection = () => statusBarText(page, 'status.editor.selection').catch(() => '');
      const next = async () => {
        const before = await selection();
        await runCommand(page, 'Policy Lens: Go to Next Untagged Claim');
        // The command runs after the palette closes: wait until the selection moved.
        for (let i = 0; i < 40 && (await selection()) === before; i++) await page.waitForTimeout(50);
      };
      for (const key of ['Control+Alt+Enter', 'Control+Alt+Enter', 'Control+Alt+Enter', 'Control+Alt+3', 'Control+Alt+3']) {
        await next();
        await page.keyboard.press(key);
        await page.waitForTimeout(300);
      }
      await next();
      // The Claims panel beside the text, wider than the default side bar (as an analyst who
      // works in it sets it); then back to the text, the next claim still selected.
      await runCommand(page, 'Policy Lens: Show Claims Panel');
      await widenSideBar(page, 470);
      await runCommand(page, 'View: Focus Active Editor Group');
    },
  },
  {
    name: 'the tag picker lists the taxonomy by facet, the suggestion ticked',
    run: async ({ page, theme }) => {
      await runCommand(page, 'Policy Lens: Tag Claim…');
      const list = page.locator('.quick-input-widget .quick-input-list');
      await list.locator('.monaco-list-row').first().waitFor({ timeout: 10000 });
      const rows = await list.locator('.monaco-list-row').allInnerTexts();
      assert.ok(rows.some((row) => /Attribution/.test(row) && /suggested/.test(row)), `no suggested Attribution among ${rows.slice(0, 8).join(' | ')}`);
      // The analyst adds a domain and the evidence: typing filters, a click ticks.
      for (const value of ['Security', 'Figure-backed']) {
        await page.locator('.quick-input-widget .quick-input-box input').fill(value);
        const row = list.locator('.monaco-list-row', { hasText: value }).first();
        await row.locator('.quick-input-list-checkbox, input[type=checkbox], .monaco-checkbox').first().click();
        await page.waitForTimeout(150);
      }
      await page.locator('.quick-input-widget .quick-input-box input').fill('');
      await page.waitForTimeout(400);
      if (theme === 'light') say(`screenshot: ${path.relative(ROOT, await screenshot(page, path.join(outDir(), 'tag-picker.jpg')))}`);
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10000 });
    },
  },
  {
    name: 'a note is added to the claim',
    run: async ({ page }) => {
      await runCommand(page, 'Policy Lens: Edit Note…');
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ state: 'visible', timeout: 10000 });
      await input.fill('Compare with the provincial police figures for 2025.');
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10000 });
    },
  },
  {
    name: 'the Claims panel lists the tagged claims, with the untagged count on the activity bar',
    run: async ({ page, theme }) => {
      const rows = await viewRows(page, 'Claims');
      assert.ok(rows.some((row) => /30 claims · 24 untagged/.test(row)), `the document does not count 6 tagged claims: ${rows.slice(0, 3).join(' | ')}`);
      // Back to the text, on a tagged claim: the panel selects it.
      await page.locator('.editor-instance .monaco-editor .view-lines').first().click({ position: { x: 400, y: 120 } });
      await goToPosition(page, 5, 20);
      await page.waitForTimeout(1200);
      const badge = await activityBadge(page, 'Policy Lens');
      assert.ok(badge && Number(badge.replace(/\D/g, '')) > 0, `no untagged count on the Policy Lens icon (badge: ${badge})`);
      say(`screenshot: ${path.relative(ROOT, await screenshot(page, path.join(outDir(), `claims-panel-${theme}.jpg`)))}`);
    },
  },
];

function outDir() {
  return path.resolve(process.env.POLICY_LENS_UI_OUT || path.join(ROOT, 'media'));
}

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
      // The checks tag claims: they work on a copy, so no sidecar is ever written into the repository.
      const copy = path.join(tmp, `${theme}-${path.basename(folder)}`);
      fs.cpSync(folder, copy, { recursive: true });
      const result = spawnSync('bash', [path.join(__dirname, 'server.sh'), '--folder', copy, '--extension', extension,
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
    const shot = await screenshot(page, path.join(outDir(), `ui-check-${theme}.jpg`));
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
