import { readFile, unlink, utimes } from "node:fs/promises";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import { evictLeastRecent, writeAtomically } from "./cache-dir.js";
import { seal, unseal } from "./sealed.js";

/**
 * Bump whenever what an entry holds changes shape or meaning; entries of another version are never read. (The
 * key holds layerscope's build as well, so a new build never reads an older build's entries either.)
 */
export const ANALYSIS_FORMAT = 2;

const MAGIC = 0x4c534341; // "LSCA"
const SUFFIX = ".lsa";
const KEY = /^[0-9a-f]{64}$/;

export interface FileAnalysisCacheOptions {
  /** Directory of the caches; entries go in an `analyses-v<format>` subdirectory */
  dir: string;
  /** Total bytes kept; the least recently used entries are removed beyond it */
  maxBytes: number;
}

/** What a look-up found: the stored value, nothing, or a damaged entry (removed, to be reported). */
export type AnalysisCacheRead = { value: unknown } | { corrupt: string } | undefined;

/**
 * Whole results of earlier runs, one file per key (a sha256, in hex, of everything that decided the result). A
 * Buffer is stored as it is, any other value with V8's serializer (undefined properties, -0 and Buffers come back as
 * they were), behind a header with the payload's sha256; the payload starts with the key itself. Written atomically, touched when read
 * (its mtime is its last use), evicted least recently used first beyond the byte budget.
 */
export class FileAnalysisCache {
  readonly dir: string;
  readonly maxBytes: number;

  constructor(options: FileAnalysisCacheOptions) {
    this.dir = join(options.dir, `analyses-v${ANALYSIS_FORMAT}`);
    this.maxBytes = options.maxBytes;
  }

  fileOf(key: string): string {
    if (!KEY.test(key)) throw new RangeError(`not an analysis cache key: ${key}`);
    return join(this.dir, key + SUFFIX);
  }

  async get(key: string): Promise<AnalysisCacheRead> {
    const file = this.fileOf(key);
    let data: Buffer;
    try {
      data = await readFile(file);
    } catch {
      return undefined;
    }
    const value = decodeEntry(key, data);
    if (value === CORRUPT) {
      await unlink(file).catch(() => undefined);
      return { corrupt: file };
    }
    const now = new Date();
    await utimes(file, now, now).catch(() => undefined);
    return { value };
  }

  /** Stores a value (a Buffer as its bytes) under the key. */
  async put(key: string, value: unknown): Promise<void> {
    await this.write(key, encodeEntry(key, value));
  }

  /** Stores bytes given in parts (read back as one Buffer), without joining them first. */
  async putBytes(key: string, parts: Buffer[]): Promise<void> {
    await this.write(key, encodeEntry(key, parts, true));
  }

  private async write(key: string, data: Buffer[]): Promise<void> {
    if (data.reduce((sum, part) => sum + part.length, 0) > this.maxBytes) return;
    const file = this.fileOf(key);
    if (!(await writeAtomically(this.dir, file, data))) return;
    await evictLeastRecent({ dir: this.dir, maxBytes: this.maxBytes, suffix: SUFFIX, keep: file });
  }
}

const CORRUPT = Symbol("corrupt");

/** How the value follows the key: a Buffer stored as it is, anything else by V8's serializer */
const RAW = 1;
const SERIALIZED = 0;

/** An entry's bytes, in parts written one after the other (`parts`: the value is bytes given in parts). */
export function encodeEntry(key: string, value: unknown, parts = false): Buffer[] {
  const keyBytes = Buffer.from(key);
  const head = Buffer.alloc(2 + keyBytes.length + 1);
  head.writeUInt16BE(keyBytes.length, 0);
  keyBytes.copy(head, 2);
  const body = parts ? (value as Buffer[]) : Buffer.isBuffer(value) ? [value] : undefined;
  head[head.length - 1] = body ? RAW : SERIALIZED;
  return seal(MAGIC, ANALYSIS_FORMAT, [head, ...(body ?? [serialize(value)])]);
}

/** The value, or CORRUPT for anything but a whole, intact entry of this format stored under exactly this key. */
function decodeEntry(key: string, data: Buffer): unknown {
  const payload = unseal(MAGIC, ANALYSIS_FORMAT, data);
  if (payload === undefined || payload.length < 2) return CORRUPT;
  const keyLength = payload.readUInt16BE(0);
  if (payload.length < 3 + keyLength || payload.toString("utf8", 2, 2 + keyLength) !== key) return CORRUPT;
  const kind = payload[2 + keyLength];
  const body = payload.subarray(3 + keyLength);
  if (kind === RAW) return body;
  if (kind !== SERIALIZED) return CORRUPT;
  try {
    return deserialize(body);
  } catch {
    return CORRUPT;
  }
}
