import { stat } from "node:fs/promises";
import type { LayerCache } from "../analysis/types.js";
import { decodeLayer, encodeLayer } from "../cache/layer-codec.js";
import { FileLayerCache } from "../cache/file-cache.js";
import type { LayerEntry } from "../tree/types.js";

export interface LayerTableStats {
  /** Distinct layers this run stored (read from their blobs, or given hashes they lacked) */
  stored: number;
  /** Layers taken from the in-process table or the disk cache */
  reused: number;
}

/**
 * The fleet's one table of scanned layers, in front of the disk cache: each distinct layer digest is read from
 * its blob once for the whole fleet. The table keeps the encoded entries of recent layers within `maxBytes` (least
 * recently used dropped first); older ones come back from the disk cache, so memory does not grow with the fleet.
 * Each get decodes fresh entries: analyses running at once never share objects.
 */
export class FleetLayerTable implements LayerCache {
  readonly stats: LayerTableStats = { stored: 0, reused: 0 };
  private readonly memory = new Map<string, Buffer>();
  private memoryBytes = 0;
  private readonly stored = new Set<string>();
  private readonly reading = new Map<string, Promise<void>>();

  constructor(
    private readonly disk: LayerCache | undefined,
    private readonly maxBytes: number,
  ) {}

  async get(digest: string): Promise<LayerEntry[] | undefined> {
    const encoded = this.memory.get(digest);
    if (encoded) {
      this.memory.delete(digest); // most recently used last
      this.memory.set(digest, encoded);
      const entries = decodeLayer(digest, encoded);
      if (entries) {
        this.stats.reused++;
        return entries;
      }
    }
    const entries = await this.disk?.get(digest);
    if (entries) this.stats.reused++;
    return entries;
  }

  async put(digest: string, entries: LayerEntry[]): Promise<void> {
    if (!this.stored.has(digest)) this.stats.stored++;
    this.stored.add(digest);
    const encoded = encodeLayer(digest, entries);
    const old = this.memory.get(digest);
    if (old) this.memoryBytes -= old.length;
    this.memory.delete(digest);
    if (encoded.length <= this.maxBytes) {
      this.memory.set(digest, encoded);
      this.memoryBytes += encoded.length;
      for (const [key, value] of this.memory) {
        if (this.memoryBytes <= this.maxBytes) break;
        this.memory.delete(key);
        this.memoryBytes -= value.length;
      }
    }
    await this.disk?.put(digest, entries);
  }

  isVerified(digest: string, identity: string): Promise<boolean> {
    return this.disk?.isVerified?.(digest, identity) ?? Promise.resolve(false);
  }

  async markVerified(digest: string, identity: string): Promise<void> {
    await this.disk?.markVerified?.(digest, identity);
  }

  /**
   * Waits until no other image is reading any of `digests`, then marks those not known yet as read by the caller,
   * all at once: an image never waits while it holds a claim, so images sharing layers cannot wait on each other.
   * Returns the release, to call when the caller's analysis has ended (stored or failed).
   */
  async claim(digests: readonly string[]): Promise<() => void> {
    for (;;) {
      const busy = digests.map((digest) => this.reading.get(digest)).filter((wait): wait is Promise<void> => wait !== undefined);
      if (busy.length === 0) {
        const unknown: string[] = [];
        for (const digest of digests) if (!(await this.known(digest))) unknown.push(digest);
        // the awaits above may have let another image claim one of them: look again
        if (unknown.some((digest) => this.reading.has(digest))) continue;
        let release = (): void => {};
        const done = new Promise<void>((resolve) => (release = resolve));
        for (const digest of unknown) this.reading.set(digest, done);
        return () => {
          for (const digest of unknown) if (this.reading.get(digest) === done) this.reading.delete(digest);
          release();
        };
      }
      await Promise.all(busy);
    }
  }

  private async known(digest: string): Promise<boolean> {
    if (this.memory.has(digest) || this.stored.has(digest)) return true;
    if (!(this.disk instanceof FileLayerCache)) return false;
    return stat(this.disk.fileOf(digest)).then(
      () => true,
      () => false,
    );
  }
}
