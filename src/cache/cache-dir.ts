import { randomBytes } from "node:crypto";
import { open, readdir, rename, stat, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { makeDirectory } from "../fs/make-directory.js";

/**
 * Writes a file of a cache directory under a unique temporary name and renames it into place, so that readers and
 * concurrent writers only ever see whole files. False when it could not be written (the cache only saves work).
 */
export async function writeAtomically(dir: string, file: string, data: Buffer | Buffer[]): Promise<boolean> {
  const temp = `${file}.${process.pid}-${randomBytes(6).toString("hex")}.tmp`;
  try {
    await makeDirectory(dir);
    if (Buffer.isBuffer(data)) await writeFile(temp, data);
    else await writeParts(temp, data);
    await rename(temp, file);
    return true;
  } catch {
    await unlink(temp).catch(() => undefined);
    return false;
  }
}

async function writeParts(file: string, parts: Buffer[]): Promise<void> {
  const handle = await open(file, "w");
  try {
    for (const part of parts) await handle.write(part);
  } finally {
    await handle.close();
  }
}

export interface EvictOptions {
  dir: string;
  maxBytes: number;
  /** The suffix of the entries: other files are temporary files or companions */
  suffix: string;
  /** An entry just written: it goes last */
  keep?: string;
  /** For a companion file of an entry (kept beside it), the entry's name; it goes when its entry is gone */
  entryOf?: (name: string) => string | undefined;
  /** Called with each entry removed (to remove its companions) */
  removed?: (path: string) => Promise<void>;
}

const TEMP_MAX_AGE_MS = 60 * 60 * 1000;

/**
 * Removes the least recently used entries until the directory's entries fit in `maxBytes`. An entry's mtime is its
 * last use (readers touch it). Other files older than an hour were left by a killed writer and go too.
 */
export async function evictLeastRecent(options: EvictOptions): Promise<void> {
  let names: string[];
  try {
    names = await readdir(options.dir);
  } catch {
    return;
  }
  const present = new Set(names);
  const files: Array<{ path: string; size: number; used: number }> = [];
  for (const name of names) {
    const path = join(options.dir, name);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) continue;
    if (name.endsWith(options.suffix)) {
      files.push({ path, size: info.size, used: path === options.keep ? Infinity : info.mtimeMs });
      continue;
    }
    const entry = options.entryOf?.(name);
    if (entry !== undefined) {
      if (!present.has(entry)) await unlink(path).catch(() => undefined);
    } else if (Date.now() - info.mtimeMs > TEMP_MAX_AGE_MS) {
      // a temporary file left by a killed writer (a young one may still be in progress)
      await unlink(path).catch(() => undefined);
    }
  }
  let total = files.reduce((sum, f) => sum + f.size, 0);
  files.sort((a, b) => a.used - b.used);
  for (const file of files) {
    if (total <= options.maxBytes) break;
    await unlink(file.path).catch(() => undefined);
    await options.removed?.(file.path);
    total -= file.size;
  }
}
