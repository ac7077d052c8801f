import { closeSync, constants, fstatSync, openSync, promises as fs, readSync, type Stats } from 'node:fs';

/** Larger files are refused with a message rather than slowing everything down. */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

export type TextFileResult =
  | { readonly ok: true; readonly text: string; readonly encoding: 'utf-8' | 'utf-16le' | 'utf-16be'; readonly bytes: number }
  | { readonly ok: false; readonly message: string };

/**
 * Reads a policy text for analysis. Decides, with a reason a person can act on, when a file is
 * not one: missing, a folder, binary, not valid UTF-8 or too large. UTF-16 with a byte order
 * mark is decoded; a UTF-8 BOM is kept so offsets match what an editor shows.
 */
export async function readTextFile(path: string, maxBytes = DEFAULT_MAX_BYTES): Promise<TextFileResult> {
  try {
    return refuseByStat(path, await fs.stat(path), maxBytes) ?? decodeText(path, await fs.readFile(path));
  } catch (error) {
    return { ok: false, message: `${path}: ${describeFsError(error)}` };
  }
}

/**
 * The same checks as {@link readTextFile}, synchronously: for batch runs over thousands of small
 * files, where promise-based reads cost more than analysing the texts.
 */
export function readTextFileSync(path: string, maxBytes = DEFAULT_MAX_BYTES): TextFileResult {
  let descriptor: number | undefined;
  try {
    // One open and a stat of the open file: a stat by path and then readFileSync looked the
    // path up twice, which on a folder of 7,770 texts cost as much as reading them.
    // Non-blocking, so that opening a named pipe returns at once and fstat refuses it.
    descriptor = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const stat = fstatSync(descriptor);
    return refuseByStat(path, stat, maxBytes) ?? decodeText(path, readOpenFile(descriptor, stat.size));
  } catch (error) {
    return { ok: false, message: `${path}: ${describeFsError(error)}` };
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

/** All of an open file's bytes, `size` expected; a file that grows or shrinks meanwhile is read to its end. */
function readOpenFile(descriptor: number, size: number): Uint8Array {
  let buffer = Buffer.allocUnsafe(Math.max(size, 1));
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      const grown = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(grown, 0, 0, length);
      buffer = grown;
    }
    const read = readSync(descriptor, buffer, length, buffer.length - length, null);
    if (read === 0) return buffer.subarray(0, length);
    length += read;
  }
}

/** Why a path cannot be read as a text, judged from its stat alone; undefined when it can. */
function refuseByStat(path: string, stat: Stats, maxBytes: number): TextFileResult | undefined {
  if (stat.isDirectory()) return { ok: false, message: `${path}: is a folder, not a file` };
  if (!stat.isFile()) return { ok: false, message: `${path}: is not a regular file` };
  if (stat.size > maxBytes) {
    return { ok: false, message: `${path}: ${formatBytes(stat.size)} is larger than the limit of ${formatBytes(maxBytes)} (raise it with --max-size)` };
  }
  return undefined;
}

// Decoders keep no state between whole-buffer decodes, so one of each serves every file.
const UTF16LE = new TextDecoder('utf-16le');
const UTF16BE = new TextDecoder('utf-16be');
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeText(path: string, bytes: Uint8Array): TextFileResult {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { ok: true, text: UTF16LE.decode(bytes.subarray(2)), encoding: 'utf-16le', bytes: bytes.length };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { ok: true, text: UTF16BE.decode(bytes.subarray(2)), encoding: 'utf-16be', bytes: bytes.length };
  }
  const probe = bytes.subarray(0, 8192);
  if (probe.includes(0)) return { ok: false, message: `${path}: looks like a binary file (it contains NUL bytes), not a text` };
  try {
    const text = UTF8.decode(bytes);
    return { ok: true, text, encoding: 'utf-8', bytes: bytes.length };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    return { ok: false, message: `${path}: is not valid UTF-8 (first bad byte at offset ${offset}); save it as UTF-8 and try again` };
  }
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const byte = bytes[index];
    const length = byte < 0x80 ? 1 : byte >= 0xc2 && byte < 0xe0 ? 2 : byte >= 0xe0 && byte < 0xf0 ? 3 : byte >= 0xf0 && byte < 0xf5 ? 4 : 0;
    if (length === 0 || index + length > bytes.length) return index;
    for (let k = 1; k < length; k++) if ((bytes[index + k] & 0xc0) !== 0x80) return index;
    index += length;
  }
  return index;
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT': return 'no such file or folder';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a folder, not a file';
    default: return error instanceof Error ? error.message : String(error);
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

const TEXT_FILE = /\.(?:txt|text|md)$/i;

/**
 * Expands folders into the texts they hold (recursively, sorted, skipping hidden folders and
 * node_modules); files named on the command line are kept as given.
 */
export async function collectTextFiles(paths: readonly string[]): Promise<{ files: string[]; errors: string[] }> {
  const files: string[] = [];
  const errors: string[] = [];
  for (const path of paths) {
    let stat;
    try {
      stat = await fs.stat(path);
    } catch (error) {
      errors.push(`${path}: ${describeFsError(error)}`);
      continue;
    }
    if (stat.isDirectory()) files.push(...(await walk(path)));
    else files.push(path);
  }
  return { files, errors };
}

async function walk(folder: string): Promise<string[]> {
  const entries = await fs.readdir(folder, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const found: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const child = `${folder.replace(/\/+$/, '')}/${entry.name}`;
    if (entry.isDirectory()) found.push(...(await walk(child)));
    else if (entry.isFile() && TEXT_FILE.test(entry.name)) found.push(child);
  }
  return found;
}
