import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writing a file so that a reader (git, another editor, our own file watcher) sees either the old
 * content or the new, never half of it, and a crash or a full disk leaves the old file in place:
 * write a temporary file in the same folder (a rename is only atomic within one file system),
 * flush it to disk, then rename it over the target.
 */

/** The part of an open file handle the writer uses; `fs.promises.FileHandle` has it. */
export interface WritableFile {
  writeFile(data: string | Uint8Array): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** The file system calls the writer makes, so tests can fail any one of them. */
export interface AtomicWriteFs {
  open(path: string, flags: string, mode?: number): Promise<WritableFile>;
  rename(oldPath: string, newPath: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** Follows symbolic links: we replace the file a link points to, not the link. */
  realpath(path: string): Promise<string>;
  stat(path: string): Promise<{ readonly mode: number }>;
  /** Flushes a folder's entries, which makes the rename itself durable. */
  syncFolder(path: string): Promise<void>;
}

export interface AtomicWriteOptions {
  /** Replaces any of the file system calls; the rest are Node's. */
  readonly fs?: Partial<AtomicWriteFs>;
  /** Unique part of the temporary name; random by default. */
  readonly tempSuffix?: () => string;
  /**
   * Waits between attempts at the rename. On Windows a rename over a file that a virus scanner
   * or an indexer holds open fails with EPERM/EBUSY for a few milliseconds.
   */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Retry a rename that failed with EPERM, EACCES or EBUSY; on Windows only by default, where those are transient. */
  readonly retryRename?: boolean;
}

const RENAME_RETRY_DELAYS_MS = [10, 50, 100, 200];
const RETRYABLE_RENAME_CODES = new Set(['EPERM', 'EACCES', 'EBUSY']);

const nodeFs: AtomicWriteFs = {
  open: (path, flags, mode) => fsp.open(path, flags, mode),
  rename: (oldPath, newPath) => fsp.rename(oldPath, newPath),
  unlink: (path) => fsp.unlink(path),
  realpath: (path) => fsp.realpath(path),
  stat: (path) => fsp.stat(path),
  syncFolder: async (path) => {
    const handle = await fsp.open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
};

/** `.<name>.<pid>.<suffix>.tmp`: hidden, and recognisably ours if a crash leaves one behind. */
export function tempPathFor(target: string, suffix: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${suffix}.tmp`);
}

/**
 * Replaces `path` with `content` (a string is written as UTF-8) atomically. The target keeps its
 * permissions; if it is a symbolic link, the file it points to is replaced. On any failure the
 * temporary file is removed, the target is as it was, and the first error is thrown.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const fs: AtomicWriteFs = { ...nodeFs, ...options.fs };
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const target = await resolveTarget(fs, path);
  const mode = await existingMode(fs, target);
  const temp = tempPathFor(target, (options.tempSuffix ?? randomSuffix)());

  // 'wx': never reuse a file that happens to have the temporary name.
  const file = await fs.open(temp, 'wx', mode);
  try {
    try {
      await file.writeFile(content);
      await file.sync();
    } finally {
      await file.close();
    }
    const retry = options.retryRename ?? process.platform === 'win32';
    await renameWithRetry(fs, temp, target, retry ? sleep : undefined);
  } catch (error) {
    await fs.unlink(temp).catch(() => undefined);
    throw error;
  }

  // The new content is in place; a folder that cannot be synced (Windows, some network file
  // systems) only makes the rename less durable across a power cut, so it is not an error.
  await fs.syncFolder(dirname(target)).catch(() => undefined);
}

async function resolveTarget(fs: AtomicWriteFs, path: string): Promise<string> {
  try {
    return await fs.realpath(path);
  } catch {
    // A new file (or a dangling link, which we then replace with a file).
    return path;
  }
}

async function existingMode(fs: AtomicWriteFs, path: string): Promise<number | undefined> {
  try {
    return (await fs.stat(path)).mode & 0o7777;
  } catch {
    return undefined;
  }
}

async function renameWithRetry(fs: AtomicWriteFs, from: string, to: string, sleep: ((ms: number) => Promise<void>) | undefined): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.rename(from, to);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException | undefined)?.code;
      if (sleep === undefined || attempt >= RENAME_RETRY_DELAYS_MS.length || code === undefined || !RETRYABLE_RENAME_CODES.has(code)) throw error;
      await sleep(RENAME_RETRY_DELAYS_MS[attempt]);
    }
  }
}

function randomSuffix(): string {
  return randomBytes(6).toString('hex');
}
