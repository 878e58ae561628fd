import type { LayerCompression } from "../sources/types.js";
import type { ImageConfigInfo } from "../sources/types.js";
import type { LayerEntry, TreeModel } from "../tree/types.js";
import type { PackageReport } from "../packages/types.js";
import type { DuplicateReport } from "./duplicate-types.js";
import type { BaseFigures } from "./base/types.js";

export type WasteKind = "shadowed" | "deleted" | "junk";

/** A file's bytes that the image ships for nothing. */
export interface WasteItem {
  /** Absolute path inside the image, e.g. `/var/lib/apt/lists/foo` */
  path: string;
  bytes: number;
  kind: WasteKind;
  /** Index of the layer that added these bytes */
  addedBy: number;
  /** Index of the layer that replaced or removed the path (absent for junk) */
  removedBy?: number;
  /** Junk rule id that matched (junk only) */
  rule?: string;
}

export interface LayerChangeCounts {
  added: number;
  modified: number;
  removed: number;
  addedBytes: number;
  modifiedBytes: number;
  removedBytes: number;
}

export interface LayerSummary extends LayerChangeCounts {
  index: number;
  /** Blob digest (or diff id for docker archives) */
  digest: string;
  diffId?: string;
  /** Sum of the regular-file bytes of this layer's tar (Dive's layer size) */
  sizeBytes: number;
  /** Number of tar entries */
  entries: number;
  /** `created_by` of the matching non-empty history entry, noise removed */
  command: string;
  /** Size of the stored blob when known: the compressed size, what a pull of this layer downloads */
  blobSize?: number;
  /** The layer's media type, when the manifest has one */
  mediaType?: string;
  /** The blob's compression as detected (first bytes, else media type; eStargz by annotation or TOC entry) */
  compression?: LayerCompression;
  /** Came with the base image (see `ImageFigures.base`); absent when no base attribution was made */
  inherited?: boolean;
}

/** What pulling the image downloads when a baseline image's layers are already present. */
export interface PullCost {
  /** The baseline's reference as given */
  baseline: string;
  /** Layers of this image the baseline has too (same diff id) */
  sharedLayers: number;
  /** Σ of the compressed sizes of the other layers */
  bytes: number;
}

export interface DiveFileReference {
  file: string;
  count: number;
  sizeBytes: number;
}

/** Figures computed exactly the way Dive 0.13.1 computes them. */
export interface DiveFigures {
  efficiencyScore: number;
  sizeBytes: number;
  userSizeBytes: number;
  inefficientBytes: number;
  userWastedPercent: number;
  fileReference: DiveFileReference[];
}

export interface ImageFigures {
  reference: string;
  format: string;
  name?: string;
  manifestDigest?: string;
  configDigest?: string;
  os?: string;
  architecture?: string;
  layerCount: number;
  /** Σ of all layers' regular-file bytes (= final + shadowed + deleted) */
  totalBytes: number;
  /** Bytes of the files visible in the final merged tree */
  finalBytes: number;
  shadowedBytes: number;
  deletedBytes: number;
  junkBytes: number;
  /** shadowed + deleted + junk */
  wastedBytes: number;
  /** 1 − wasted / total (1 when total is 0) */
  efficiency: number;
  /** Entries in the final merged tree (all types, root excluded) */
  fileCount: number;
  /** Σ of the layers' compressed (blob) sizes, when every layer's is known */
  compressedBytes?: number;
  /** With `--baseline`: the bytes a pull needs when the baseline's layers are present */
  pull?: PullCost;
  /** The split into the image's own layers and those inherited from its base image, when attributed */
  base?: BaseFigures;
  dive: DiveFigures;
}

export interface ImageAnalysis {
  image: ImageFigures;
  layers: LayerSummary[];
  /** Largest first */
  waste: WasteItem[];
  /** Installed packages and their bytes; absent when the image holds no package database (src/packages) */
  packages?: PackageReport;
  /** Identical contents at different paths of the final tree (absent when not looked for) */
  duplicates?: DuplicateReport;
}

/** A junk rule: final files matching `glob` (absolute path glob, picomatch syntax, dotfiles match) are junk. */
export interface JunkRule {
  id: string;
  glob: string;
}

export interface AnalyzeProgress {
  phase: "scan" | "hash" | "merge";
  layer: number;
  layerCount: number;
  bytes: number;
  /** Entries of the layers read so far */
  entries: number;
}

/** The layers read so far from the bottom: what a UI can show before the analysis ends. */
export interface LayersRead {
  /** Layers 0 to count − 1 are read */
  count: number;
  /** Their trees and changes: those the finished analysis gives for these layers */
  tree: TreeModel;
  /** Σ of the regular-file bytes and the number of tar entries of each of them */
  layers: Array<{ sizeBytes: number; entries: number }>;
}

export interface AnalyzeOptions {
  /** Junk rules; the defaults (`DEFAULT_JUNK_RULES`) when absent */
  junkRules?: JunkRule[];
  onProgress?: (progress: AnalyzeProgress) => void;
  /** Verify digests of uncompressed local layers too (slower: reads every byte) */
  verifyAll?: boolean;
  /** Scanned layers kept between runs (`openLayerCache()` in src/cache); absent or false: none */
  cache?: LayerCache | false;
  /**
   * Called each time the layers read from the bottom grow, with their trees (for a UI that shows them before the
   * analysis ends); the analysis then also lets other work run between its long steps.
   */
  onLayersRead?: (read: LayersRead) => void;
  /** Look for identical contents at different paths (it hashes files of equal size), files of minSize bytes or more */
  duplicates?: { minSize?: number };
}

/** Everything an analysis gives: JSON-ready figures, the tree at any layer, and the config for hints. */
export interface Analysis {
  summary: ImageAnalysis;
  tree: TreeModel;
  config: ImageConfigInfo;
  /** Absolute path of each final regular file a package owns → index in `summary.packages.packages` */
  packageFiles?: Map<string, number>;
}

/**
 * Scanned layers kept by digest between runs (implemented by src/cache). Every failure inside a cache (unreadable,
 * corrupt, full disk) is a miss or a skipped write, never an error of the analysis: the cache only saves work.
 */
export interface LayerCache {
  /** The entries stored for this layer digest (hashes as far as they were computed), or undefined. */
  get(digest: string): Promise<LayerEntry[] | undefined>;
  /** Stores (replaces) the entries of a layer. */
  put(digest: string, entries: LayerEntry[]): Promise<void>;
  /** Whether the local blob file of this identity (LayerBlob.fileIdentity) was checked against the digest before. */
  isVerified?(digest: string, identity: string): Promise<boolean>;
  /** Records that the local blob file of this identity holds exactly the bytes of the digest. */
  markVerified?(digest: string, identity: string): Promise<void>;
}
