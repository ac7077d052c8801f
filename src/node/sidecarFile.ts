import { constants as fsConstants, promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { SIDECAR_VERSION, sidecarFileNameFor, type Sidecar } from '../core/sidecar/schema';
import { parseSidecar, serializeSidecar, type SidecarErrorKind, type SidecarProblem } from '../core/sidecar/serialize';
import { writeFileAtomic } from './atomicWrite';

/**
 * Reading and writing the sidecar of one text file, with the rule that matters most: a sidecar we
 * cannot read (not JSON, not a sidecar, from a newer version) or one that someone else changed
 * since we read it is never overwritten. The caller gets a result to act on instead.
 */

/**
 * What new sidecars put in `$schema`.
 *
 * A relative path cannot work (sidecars sit beside texts anywhere in a workspace) and there is no
 * published https address. An unreachable https URL would be worse than nothing: VS Code's JSON
 * service uses a file's own `$schema` in preference to any `jsonValidation` fileMatch, so the
 * file would show "Unable to load schema" and not be validated at all. A URI in our own scheme
 * needs no network: VS Code's JSON client asks `workspace.openTextDocument` for any scheme other
 * than file/http/https, so the extension serves `schemas/annotations.schema.json` for it with a
 * TextDocumentContentProvider, and keeps a `jsonValidation` entry (fileMatch `*.annotations.json`)
 * for sidecars written by hand without `$schema`. The version in the name changes with the format.
 */
export const SIDECAR_SCHEMA_URI = `policy-lens:/schemas/annotations-${SIDECAR_VERSION}.schema.json`;

/** Where the sidecar of a text file is: beside it, `<text file name>.annotations.json`. */
export function sidecarPathFor(textPath: string): string {
  return join(dirname(textPath), sidecarFileNameFor(basename(textPath)));
}

declare const verifiedSidecar: unique symbol;

/**
 * The text of a sidecar file that was read as a valid sidecar, or that we wrote. Only
 * `loadSidecar` and `saveSidecar` make one, so the text of a broken file cannot be passed to
 * `saveSidecar` as the version to replace; that is what lets a save skip parsing a file that is
 * byte for byte what was loaded.
 */
export type SidecarRaw = string & { readonly [verifiedSidecar]: true };

/** Why a sidecar cannot be used: `parseSidecar`'s kinds, or `unreadable` (permissions, a folder). */
export type BrokenSidecarKind = SidecarErrorKind | 'unreadable';

export type SidecarLoadResult =
  | { readonly state: 'missing'; readonly path: string }
  | {
      readonly state: 'ok';
      readonly path: string;
      readonly sidecar: Sidecar;
      readonly problems: readonly SidecarProblem[];
      /** The file's text as read: pass it to `saveSidecar` to detect changes made since. */
      readonly raw: SidecarRaw;
    }
  | {
      readonly state: 'broken';
      readonly path: string;
      readonly kind: BrokenSidecarKind;
      /** Names the file and the first error, with its JSON path or line and column. */
      readonly message: string;
      /** The file's text, when it could be read. */
      readonly raw?: string;
      readonly line?: number;
      readonly column?: number;
    };

/** The file system calls used here, so tests can fail them. */
export interface SidecarFs {
  readFile(path: string): Promise<Uint8Array>;
  link(existingPath: string, newPath: string): Promise<void>;
  copyFile(source: string, destination: string, mode: number): Promise<void>;
  unlink(path: string): Promise<void>;
}

export interface SidecarFileOptions {
  readonly fs?: Partial<SidecarFs>;
  /** `$schema` for sidecars that have none; {@link SIDECAR_SCHEMA_URI} by default. */
  readonly schemaRef?: string;
  /** Replaces the atomic writer (tests). */
  readonly write?: (path: string, content: string) => Promise<void>;
}

const nodeFs: SidecarFs = {
  readFile: (path) => fsp.readFile(path),
  link: (existingPath, newPath) => fsp.link(existingPath, newPath),
  copyFile: (source, destination, mode) => fsp.copyFile(source, destination, mode),
  unlink: (path) => fsp.unlink(path),
};

type RawRead = { readonly state: 'missing' } | { readonly state: 'read'; readonly raw: string } | { readonly state: 'unreadable'; readonly message: string; readonly raw?: string };

async function readRaw(fs: SidecarFs, path: string): Promise<RawRead> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { state: 'missing' };
    return { state: 'unreadable', message: `${basename(path)}: cannot be read: ${describeError(error)}` };
  }
  try {
    return { state: 'read', raw: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    // Keep the text for comparison, but never try to make sense of it.
    return { state: 'unreadable', message: `${basename(path)}: not valid UTF-8 text; a sidecar is JSON in UTF-8.`, raw: new TextDecoder('utf-8').decode(bytes) };
  }
}

function interpret(path: string, read: RawRead): SidecarLoadResult {
  if (read.state === 'missing') return { state: 'missing', path };
  if (read.state === 'unreadable') {
    return { state: 'broken', path, kind: read.raw === undefined ? 'unreadable' : 'invalid-json', message: read.message, ...(read.raw === undefined ? {} : { raw: read.raw }) };
  }
  const parsed = parseSidecar(read.raw, basename(path));
  if (parsed.ok) return { state: 'ok', path, sidecar: parsed.sidecar, problems: parsed.problems, raw: read.raw as SidecarRaw };
  return {
    state: 'broken',
    path,
    kind: parsed.kind,
    message: parsed.message,
    raw: read.raw,
    ...(parsed.line === undefined ? {} : { line: parsed.line }),
    ...(parsed.column === undefined ? {} : { column: parsed.column }),
  };
}

/** Reads the sidecar of `textPath`. Never throws. */
export async function loadSidecar(textPath: string, options: SidecarFileOptions = {}): Promise<SidecarLoadResult> {
  const path = sidecarPathFor(textPath);
  return interpret(path, await readRaw({ ...nodeFs, ...options.fs }, path));
}

export type SaveSidecarResult =
  /** Written; `raw` is the new text of the file, the `expectedRaw` of the next save. */
  | { readonly status: 'saved'; readonly path: string; readonly raw: SidecarRaw }
  /** The file already holds exactly this (or, for a sidecar with no annotations, need not exist); nothing written. */
  | { readonly status: 'unchanged'; readonly path: string; readonly raw: SidecarRaw | undefined }
  /**
   * The file is not what was loaded: changed, created or deleted by someone else. Nothing
   * written. `disk` is the file as it is now: merge with it (`AnnotationStore.mergeFromDisk`)
   * and save again with its `raw`; after a deletion, save with `expectedRaw` undefined to write
   * the annotations back.
   */
  | { readonly status: 'conflict'; readonly path: string; readonly disk: Extract<SidecarLoadResult, { state: 'ok' | 'missing' }> }
  /** The file on disk cannot be read as a sidecar; it is left alone. */
  | { readonly status: 'broken'; readonly path: string; readonly disk: Extract<SidecarLoadResult, { state: 'broken' }> };

/**
 * Saves `sidecar` beside `textPath`, atomically, if the file still is what was loaded:
 * `expectedRaw` is the text `loadSidecar` returned (or the last save's `raw`), undefined when
 * there was no file. A sidecar without `$schema` gets `options.schemaRef` or
 * {@link SIDECAR_SCHEMA_URI}; one that has its own (a team's relative path) keeps it.
 *
 * Between the comparison and the rename another process could still write the file; without
 * locks (which git and other editors do not honour) that window cannot be closed, only kept to
 * one read.
 */
export async function saveSidecar(
  textPath: string,
  sidecar: Sidecar,
  expectedRaw: SidecarRaw | undefined,
  options: SidecarFileOptions = {},
): Promise<SaveSidecarResult> {
  const path = sidecarPathFor(textPath);
  const fs: SidecarFs = { ...nodeFs, ...options.fs };
  const read = await readRaw(fs, path);
  const diskRaw = read.state === 'missing' ? undefined : read.raw;
  // Byte for byte what was loaded as valid (or written by us): no need to parse it again, which
  // for thousands of annotations costs more than the rest of the save.
  if (diskRaw !== expectedRaw || read.state === 'unreadable') {
    const disk = interpret(path, read);
    if (disk.state === 'broken') return { status: 'broken', path, disk };
    return { status: 'conflict', path, disk };
  }

  // An analyst who tags nothing should not find empty files beside every text they opened.
  if (diskRaw === undefined && sidecar.annotations.length === 0) return { status: 'unchanged', path, raw: undefined };

  const content = serializeSidecar(sidecar.$schema === undefined ? { ...sidecar, $schema: options.schemaRef ?? SIDECAR_SCHEMA_URI } : sidecar) as SidecarRaw;
  if (content === diskRaw) return { status: 'unchanged', path, raw: content };
  await (options.write ?? writeFileAtomic)(path, content);
  return { status: 'saved', path, raw: content };
}

/**
 * `x.annotations.json.bak-20250301T100000Z`, with `-2`, `-3`… if taken. The name no longer ends
 * in `.annotations.json`, so neither our file watcher nor JSON validation picks it up.
 */
export function backupPathFor(sidecarPath: string, now: Date, attempt = 1): string {
  const stamp = now.toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
  return `${sidecarPath}.bak-${stamp}${attempt > 1 ? `-${attempt}` : ''}`;
}

const MAX_BACKUP_ATTEMPTS = 100;

/**
 * Moves a sidecar that cannot be used out of the way, keeping every byte of it, so the analyst
 * can start afresh (and mend the old one by hand later). Never replaces an existing file: the
 * backup is made with a hard link (or, where links are not supported, an exclusive copy) before
 * the original name is removed. Returns the backup's path.
 * @throws when the sidecar does not exist or cannot be moved.
 */
export async function setAsideBrokenSidecar(textPath: string, now: Date, options: SidecarFileOptions = {}): Promise<string> {
  const fs: SidecarFs = { ...nodeFs, ...options.fs };
  const path = sidecarPathFor(textPath);
  for (let attempt = 1; attempt <= MAX_BACKUP_ATTEMPTS; attempt++) {
    const backup = backupPathFor(path, now, attempt);
    try {
      await keepAs(fs, path, backup);
    } catch (error) {
      if ((error as NodeJS.ErrnoException | undefined)?.code === 'EEXIST') continue;
      throw error;
    }
    await fs.unlink(path);
    return backup;
  }
  throw new Error(`${basename(path)}: could not find a free backup name (tried ${MAX_BACKUP_ATTEMPTS}).`);
}

async function keepAs(fs: SidecarFs, path: string, backup: string): Promise<void> {
  try {
    await fs.link(path, backup);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    // FAT, exFAT and some network shares have no hard links.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS' && code !== 'EXDEV') throw error;
    await fs.copyFile(path, backup, fsConstants.COPYFILE_EXCL);
  }
}

function describeError(error: unknown): string {
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
