import { createHash } from "node:crypto";
import { readFile, unlink, utimes } from "node:fs/promises";
import { join } from "node:path";
import type { LayerEntry } from "../tree/types.js";
import { decodeLayer, encodeLayer, FORMAT_VERSION } from "./layer-codec.js";
import type { LayerCache } from "./types.js";
import { evictLeastRecent, writeAtomically } from "./cache-dir.js";

export interface FileLayerCacheOptions {
  /** Directory of the cache; entries go in a `layers-v<format>` subdirectory */
  dir: string;
  /** Total bytes kept; the least recently used entries are removed beyond it */
  maxBytes: number;
}

const SUFFIX = ".lsl";
/** Beside an entry: the identities of the blob files checked against its digest, one a line, the newest last */
const IDS_SUFFIX = ".ids";
const MAX_IDENTITIES = 32;

/**
 * One file per layer, named after its digest. Writes go to a unique temporary name and are renamed into place,
 * so readers and concurrent writers only ever see whole files; every entry is checked (version, digest, length,
 * sha256) when read. A file's mtime is its last use, which drives the LRU eviction.
 */
export class FileLayerCache implements LayerCache {
  readonly dir: string;
  private readonly maxBytes: number;

  constructor(options: FileLayerCacheOptions) {
    this.dir = join(options.dir, `layers-v${FORMAT_VERSION}`);
    this.maxBytes = options.maxBytes;
  }

  fileOf(digest: string): string {
    const safe = /^[a-z0-9]+:[a-f0-9]{16,128}$/.test(digest) ? digest.replace(":", "-") : "x-" + createHash("sha256").update(digest).digest("hex");
    return join(this.dir, safe + SUFFIX);
  }

  async get(digest: string): Promise<LayerEntry[] | undefined> {
    const file = this.fileOf(digest);
    let data: Buffer;
    try {
      data = await readFile(file);
    } catch {
      return undefined;
    }
    const entries = decodeLayer(digest, data);
    if (!entries) {
      await unlink(file).catch(() => undefined);
      return undefined;
    }
    const now = new Date();
    await utimes(file, now, now).catch(() => undefined);
    return entries;
  }

  async isVerified(digest: string, identity: string): Promise<boolean> {
    return (await this.identities(digest)).includes(identity);
  }

  async markVerified(digest: string, identity: string): Promise<void> {
    const known = (await this.identities(digest)).filter((line) => line !== identity);
    const lines = [...known, identity].slice(-MAX_IDENTITIES);
    await writeAtomically(this.dir, this.idsOf(digest), Buffer.from(lines.join("\n") + "\n"));
  }

  private idsOf(digest: string): string {
    return this.fileOf(digest).slice(0, -SUFFIX.length) + IDS_SUFFIX;
  }

  private async identities(digest: string): Promise<string[]> {
    const text = await readFile(this.idsOf(digest), "utf8").catch(() => "");
    return text.split("\n").filter((line) => line !== "");
  }

  async put(digest: string, entries: LayerEntry[]): Promise<void> {
    const data = encodeLayer(digest, entries);
    if (data.length > this.maxBytes) return;
    const file = this.fileOf(digest);
    if (!(await writeAtomically(this.dir, file, data))) return;
    await this.evict(file);
  }

  /** Removes the least recently used entries until the cache fits; `keep` (just written) goes last. */
  async evict(keep?: string): Promise<void> {
    await evictLeastRecent({
      dir: this.dir,
      maxBytes: this.maxBytes,
      suffix: SUFFIX,
      keep,
      // identities of an entry that is gone: nothing to trust them for
      entryOf: (name) => (name.endsWith(IDS_SUFFIX) ? name.slice(0, -IDS_SUFFIX.length) + SUFFIX : undefined),
      removed: (path) => unlink(path.slice(0, -SUFFIX.length) + IDS_SUFFIX).catch(() => undefined),
    });
  }
}
