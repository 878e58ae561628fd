import type { LayerEntry } from "../tree/types.js";

/**
 * Scanned layers kept by digest between runs. Every failure inside a cache (unreadable, corrupt, full disk) is
 * a miss or a skipped write, never an error of the analysis: the cache only saves work.
 */
export interface LayerCache {
  /** The entries stored for this layer digest (hashes as far as they were computed), or undefined. */
  get(digest: string): Promise<LayerEntry[] | undefined>;
  /** Stores (replaces) the entries of a layer. */
  put(digest: string, entries: LayerEntry[]): Promise<void>;
}
