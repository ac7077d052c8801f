import * as vscode from 'vscode';

/**
 * Which files on disk are policy texts, as globs for `findFiles` and file watchers. The manifest
 * gives the language to the same names (`contributes.languages`), so a file the Claims panel
 * lists opens as policy text.
 */

/** Seed names such as `000_6a4175332d62ce25.txt`: three digits, underscore, 16 hex digits. */
export const SEED_NAME_GLOB = `[0-9][0-9][0-9]_${'[0-9a-f]'.repeat(16)}.txt`;

/** File-name globs that are always policy text. */
export const POLICY_TEXT_NAME_GLOBS: readonly string[] = ['*.policy.txt', SEED_NAME_GLOB];

/** Folders never searched: dependencies and version control. */
export const EXCLUDED_FOLDERS_GLOB = '**/{node_modules,.git}/**';

/** Sidecars anywhere in the workspace. */
export const SIDECAR_GLOB = '**/*.annotations.json';
export const SIDECAR_SUFFIX = '.annotations.json';

/**
 * The globs for one workspace folder: the built-in names, and its `policyLens.filePatterns` (a
 * pattern without `/` is a file name anywhere, one with `/` a path inside the folder, as
 * `files.associations` reads them).
 */
export function policyTextPatterns(folder: vscode.WorkspaceFolder, filePatterns: readonly string[]): vscode.RelativePattern[] {
  const names = [...POLICY_TEXT_NAME_GLOBS, ...filePatterns.filter((pattern) => !pattern.includes('/'))];
  const paths = filePatterns.filter((pattern) => pattern.includes('/')).map((pattern) => pattern.replace(/^\/+/, ''));
  return [...names.map((name) => new vscode.RelativePattern(folder, `**/${name}`)), ...paths.map((pattern) => new vscode.RelativePattern(folder, pattern))];
}

/** Schemes of documents the Claims panel lists while they are open; not diff sides or output. */
export const LIVE_SCHEMES: ReadonlySet<string> = new Set(['file', 'untitled']);
