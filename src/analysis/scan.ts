import { createHash } from "node:crypto";
import { open } from "node:fs/promises";
import { ESTARGZ_TOC_ENTRY, type LayerCompression } from "../sources/compression/decode.js";
import type { LayerBlob, LayerData } from "../sources/types.js";
import { isVerifiableDigest } from "../sources/oci/digest.js";
import { RECENT_IDENTITY } from "../sources/types.js";
import { ImageError } from "../errors.js";
import { openLayerReader } from "../tar/byte-reader.js";
import type { LayerCache } from "./types.js";
import { layerError, layerScanError } from "./layer-error.js";
import { readTar } from "../tar/read-tar.js";
import type { LayerContents, LayerEntry } from "../tree/types.js";
import type { AnalyzeProgress } from "./types.js";
import { captureLimit, MAX_LAYER_CAPTURE_BYTES } from "../packages/capture.js";

/**
 * Files of a stream layer up to this size are hashed during the first read. Should a later layer re-emit one of
 * them with the same size, mtime, mode and owner, its hash is then at hand; otherwise the whole layer would have to
 * be decompressed and parsed again for a few files. Small files cost little to hash as they pass; large ones are
 * still hashed only when needed.
 */
const SPECULATIVE_HASH_BYTES = 4096;
const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

export interface ScannedLayer extends LayerContents {
  blob: LayerBlob;
  /** The seekable file this run read; absent for a stream (spent) and for a layer taken from the cache */
  data?: LayerData;
  /** The entries (or their hashes) are new since the cache last stored them */
  dirty: boolean;
  /** The blob's compression (see compressionOf) */
  compression?: LayerCompression;
  /** The identity of the local blob file this run checked against its digest (LayerBlob.fileIdentity) */
  identity?: string;
}

export interface ScanOptions {
  verifyAll?: boolean;
  onProgress?: (progress: AnalyzeProgress) => void;
  /** Layers scanned at once (decompression runs on libuv's pool, so two use both cores) */
  concurrency?: number;
  /** Scanned layers from earlier runs; not read when verifyAll asks for every byte to be checked */
  cache?: LayerCache;
  /** Called as each layer is scanned (two are read at once: in any order) */
  onLayer?: (layer: ScannedLayer) => void;
  /** Lets other work run at least this often, in ms, while a local layer is read (see ReadTarOptions) */
  pauseEveryMs?: number;
}

/**
 * Reads every layer once, or takes it from the cache, headers only: no file content is hashed here. The few files
 * that need a content hash are hashed afterwards (hashShadowedFiles), by positional reads of a seekable layer or
 * by reading a stream layer once more; most images have none, and hashing every byte as it passed cost more than
 * the decompression of a zstd layer.
 */
export async function scanLayers(layers: LayerBlob[], options: ScanOptions = {}): Promise<ScannedLayer[]> {
  const results: ScannedLayer[] = new Array(layers.length);
  const cache = options.verifyAll ? undefined : options.cache;
  let next = 0;
  let done = 0;
  let bytes = 0;
  let entries = 0;
  const worker = async (): Promise<void> => {
    while (next < layers.length) {
      const blob = layers[next++];
      const key = cacheKey(blob);
      const identity = key !== undefined ? await blob.fileIdentity?.() : undefined;
      const cached = cache && key ? await fromCache(cache, key, blob, identity) : undefined;
      let counted = 0;
      const onEntries = (count: number): void => {
        counted += count;
        entries += count;
        options.onProgress?.({ phase: "scan", layer: done, layerCount: layers.length, bytes, entries });
      };
      const scanned: ScannedLayer = cached
        ? { entries: cached, blob, dirty: false }
        : await scanLayer(blob, options.verifyAll === true, onEntries, options.pauseEveryMs);
      if (!cached && identity !== undefined) scanned.identity = identity;
      const compression = await compressionOf(scanned);
      results[blob.index] = compression !== undefined ? { ...scanned, compression } : scanned;
      bytes += results[blob.index].entries.reduce((sum, e) => sum + e.size, 0);
      entries += results[blob.index].entries.length - counted;
      options.onProgress?.({ phase: "scan", layer: ++done, layerCount: layers.length, bytes, entries });
      options.onLayer?.(results[blob.index]);
    }
  };
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 2, layers.length));
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

/**
 * A layer's cached entries, trusted for a blob kept in a local file only when that file (by its identity) was checked
 * against the digest before: a blob file replaced or rewritten since then has its bytes checked again, without
 * decompressing them, and a mismatch fails the run as it fails a run without the cache.
 */
async function fromCache(cache: LayerCache, key: string, blob: LayerBlob, identity: string | undefined): Promise<LayerEntry[] | undefined> {
  const entries = await cache.get(key);
  if (!entries || identity === undefined || !cache.isVerified || (await cache.isVerified(key, identity))) return entries;
  if (!blob.verifyBlob) return undefined;
  try {
    await blob.verifyBlob();
  } catch (error) {
    throw layerError(blob, error);
  }
  await rememberIdentity(cache, key, identity);
  return entries;
}

/** A file changed within the last seconds is never remembered: its timestamps may not show a second write yet. */
async function rememberIdentity(cache: LayerCache, key: string, identity: string): Promise<void> {
  if (!identity.endsWith(RECENT_IDENTITY)) await cache.markVerified?.(key, identity);
}

/**
 * What the source detected (the blob's first bytes, else its media type); eStargz, which the first bytes cannot
 * tell from gzip, also by its table of contents at the root of the layer. Works for layers taken from the cache.
 */
async function compressionOf(layer: ScannedLayer): Promise<LayerCompression | undefined> {
  const { blob } = layer;
  // a blob whose checked digest is its diff id is the plain tar itself
  const detected = (await blob.detectCompression?.()) ?? (blob.verifiedDigest !== undefined && blob.verifiedDigest === blob.diffId ? "none" : undefined);
  if (detected === "gzip" && layer.entries.some((entry) => entry.path === ESTARGZ_TOC_ENTRY)) return "estargz";
  return detected;
}

/** A long layer reports its progress every so many entries (the CLI sizes V8's young generation by it). */
const PROGRESS_ENTRIES = 8192;

async function scanLayer(blob: LayerBlob, verifyAll: boolean, onEntries: (count: number) => void, pauseEveryMs: number | undefined): Promise<ScannedLayer> {
  const data = await blob.open({ verifyAll });
  const reader = await openLayerReader(data);
  const entries: LayerEntry[] = [];
  // a stream cannot be re-read cheaply: its small files are hashed as they pass (see SPECULATIVE_HASH_BYTES)
  const hashSmall = data.kind === "stream";
  // package databases are kept whole, within caps (the only contents the analysis reads)
  let captured = 0;
  try {
    await readTar(
      reader,
      {
        onEntry(entry) {
          if (entries.push(entry) % PROGRESS_ENTRIES === 0) onEntries(PROGRESS_ENTRIES);
          if (entry.type !== "file") return;
          const limit = captureLimit(entry.path);
          if (limit > 0) {
            if (entry.size > limit || captured + entry.size > MAX_LAYER_CAPTURE_BYTES) (entry as LayerEntry).contentOverCap = true;
            else if (entry.size === 0) (entry as LayerEntry).content = Buffer.alloc(0);
            else {
              captured += entry.size;
              return "buffer";
            }
          }
          if (entry.size === 0) (entry as LayerEntry).hash = EMPTY_SHA256;
          else if (hashSmall && entry.size <= SPECULATIVE_HASH_BYTES) return "hash";
        },
        onContent(entry, content) {
          if (content.buffer) {
            (entry as LayerEntry).content = content.buffer;
            if (hashSmall || entry.size === 0) (entry as LayerEntry).hash = createHash("sha256").update(content.buffer).digest("hex");
          } else (entry as LayerEntry).hash = content.hash;
        },
      },
      pauseEveryMs !== undefined ? { pauseEveryMs } : {},
    );
  } catch (error) {
    throw await layerScanError(blob, error);
  } finally {
    await reader.close();
  }
  // a stream is spent: hashing, when some file needs it, opens the layer again
  return { entries, blob, ...(data.kind === "file" ? { data } : {}), dirty: true };
}

/** Stores the layers whose entries or hashes this run produced. */
export async function storeLayers(layers: ScannedLayer[], cache: LayerCache): Promise<void> {
  const fresh = layers.filter((layer) => layer.dirty && cacheKey(layer.blob) !== undefined);
  await Promise.all(fresh.map((layer) => cache.put(cacheKey(layer.blob)!, layer.entries)));
  const checked = layers.filter((layer) => layer.identity !== undefined && cacheKey(layer.blob) !== undefined);
  await Promise.all(checked.map((layer) => rememberIdentity(cache, cacheKey(layer.blob)!, layer.identity!)));
}

/** Only a digest the source checks the bytes against may key the cache: anything else could be forged. */
function cacheKey(blob: LayerBlob): string | undefined {
  const digest = blob.verifiedDigest;
  return digest !== undefined && isVerifiableDigest(digest) ? digest : undefined;
}

export async function hashEntries(layer: ScannedLayer, wanted: LayerEntry[]): Promise<void> {
  const data = layer.data ?? (await layer.blob.open());
  layer.dirty = true;
  if (data.kind === "file") {
    layer.data = data;
    return hashRanges(data.path, data.offset, wanted);
  }
  // a stream is spent once read (never kept): a stream layer, or a layer from the cache hashed only in part before
  const want = new Set(wanted);
  const reader = await openLayerReader(data);
  let index = 0;
  try {
    await readTar(reader, {
      onEntry(entry) {
        const known = layer.entries[index++];
        if (known?.path !== entry.path) throw new ImageError(`cached entries do not match the layer at ${entry.path}`);
        if (want.has(known)) return "hash";
      },
      onContent(_entry, content) {
        layer.entries[index - 1].hash = content.hash;
      },
    });
  } catch (error) {
    throw layerError(layer.blob, error);
  } finally {
    await reader.close();
  }
}

const WINDOW = 4 << 20;
const MAX_GAP = 256 << 10;

/**
 * Hashes file contents by positional reads. Nearby small files are read together in one window of up to 4 MiB
 * (a layer of many small files would otherwise cost one round trip to the thread pool per file).
 */
async function hashRanges(path: string, offset: number, entries: LayerEntry[]): Promise<void> {
  const handle = await open(path, "r");
  const buffer = Buffer.allocUnsafe(WINDOW);
  const readFully = async (length: number, at: number): Promise<Buffer> => {
    let done = 0;
    while (done < length) {
      const { bytesRead } = await handle.read(buffer, done, length - done, offset + at + done);
      if (bytesRead === 0) throw new ImageError(`${path}: file shrank while it was read`);
      done += bytesRead;
    }
    return buffer.subarray(0, length);
  };
  try {
    const sorted = [...entries].sort((a, b) => a.dataOffset - b.dataOffset);
    let i = 0;
    while (i < sorted.length) {
      const first = sorted[i];
      if (first.size > WINDOW) {
        const hash = createHash("sha256");
        for (let done = 0; done < first.size; ) {
          const chunk = await readFully(Math.min(WINDOW, first.size - done), first.dataOffset + done);
          hash.update(chunk);
          done += chunk.length;
        }
        first.hash = hash.digest("hex");
        i++;
        continue;
      }
      let j = i + 1;
      let end = first.dataOffset + first.size;
      while (j < sorted.length) {
        const next = sorted[j];
        const nextEnd = next.dataOffset + next.size;
        if (next.dataOffset - end > MAX_GAP || nextEnd - first.dataOffset > WINDOW) break;
        end = Math.max(end, nextEnd);
        j++;
      }
      const window = await readFully(end - first.dataOffset, first.dataOffset);
      for (let k = i; k < j; k++) {
        const entry = sorted[k];
        const at = entry.dataOffset - first.dataOffset;
        entry.hash = createHash("sha256")
          .update(window.subarray(at, at + entry.size))
          .digest("hex");
      }
      i = j;
    }
  } finally {
    await handle.close();
  }
}
