import type { ContentDiff } from "./content-diff.js";
import type { Hint, HintSeverity } from "../analysis/hints/types.js";
import type { WasteKind } from "../analysis/types.js";
import type { Ecosystem } from "../packages/types.js";

/** A figure of both images and its change (head − base). */
export interface Delta {
  base: number;
  head: number;
  delta: number;
}

export interface DiffImage {
  reference: string;
  name?: string;
  layerCount: number;
}

/** A layer of one side, by diff id. */
export interface DiffLayer {
  index: number;
  diffId: string;
  sizeBytes: number;
  command: string;
}

/** A layer both images hold (same diff id). */
export interface SharedLayer {
  diffId: string;
  baseIndex: number;
  headIndex: number;
  sizeBytes: number;
  command: string;
}

export interface FileChange {
  path: string;
  kind: "added" | "removed" | "grown" | "shrunk";
  /** Size in base (0 when added) */
  baseBytes: number;
  /** Size in head (0 when removed) */
  headBytes: number;
  delta: number;
}

/** A slice of a long list: the largest items, and what the whole list holds. */
export interface TopList<T> {
  count: number;
  bytes: number;
  items: T[];
}

export interface WasteChange {
  path: string;
  kind: WasteKind;
  rule?: string;
  bytes: number;
  /** The layer (of the image the item is in) that added the bytes */
  addedBy: number;
  /** The layer that replaced or removed them; absent for junk */
  removedBy?: number;
}

/** A package that differs between BASE and HEAD (versions, bytes and layers of the sides that have it). */
export interface PackageChange {
  ecosystem: Ecosystem;
  name: string;
  arch?: string;
  baseVersion?: string;
  headVersion?: string;
  baseBytes?: number;
  headBytes?: number;
  baseLayer?: number;
  headLayer?: number;
  /** headBytes − baseBytes (a missing side counts 0) */
  delta: number;
}

export interface PackageDiff {
  added: PackageChange[];
  removed: PackageChange[];
  /** The version changed */
  upgraded: PackageChange[];
  /** Same version, other installed bytes */
  resized: PackageChange[];
  /** Σ of the packages' bytes on each side */
  bytes: Delta;
}

export interface DiffCheck {
  /** `.layerscope.yaml` key: max-size-increase, max-efficiency-drop, no-new-hints */
  name: string;
  status: "pass" | "fail";
  message: string;
}

export type DiffVerdict = "pass" | "fail" | "unchecked";

/** A figure that got better or worse from BASE to HEAD. */
export interface DiffChange {
  figure: "size" | "pull" | "waste" | "hints";
  /** `smaller`, `more waste`, `2 new hints` (of warning severity or worse)… */
  text: string;
  /** Bytes (head − base), or for hints the count (new positive, fixed negative) */
  delta: number;
}

/**
 * Better or worse for the one who ships HEAD, from the bytes shipped, the waste and the new or fixed hints
 * (src/diff/verdict.ts); `mixed` when some figures got better and others worse.
 */
export interface DiffAssessment {
  outcome: "better" | "worse" | "mixed" | "unchanged";
  better: DiffChange[];
  worse: DiffChange[];
}

/** Everything `layerscope diff BASE HEAD` reports. JSON-ready. */
export interface ImageDiff {
  base: DiffImage;
  head: DiffImage;
  size: {
    /** Σ of the layers' file bytes (layerscope's image size) */
    total: Delta;
    final: Delta;
    wasted: Delta;
    /** Dive's image size */
    dive: Delta;
    /** Σ of the layers' compressed (blob) sizes: what a pull downloads; absent unless both images store their layers compressed */
    compressed?: Delta;
  };
  efficiency: {
    layerscope: Delta;
    dive: Delta;
    diveUserWastedPercent: Delta;
  };
  layers: {
    shared: SharedLayer[];
    onlyBase: DiffLayer[];
    onlyHead: DiffLayer[];
  };
  waste: {
    new: TopList<WasteChange>;
    gone: TopList<WasteChange>;
  };
  hints: {
    new: Hint[];
    gone: Hint[];
    /** Bytes the fixes of all of each image's hints remove, each byte counted once (removableBytes) */
    removable: Delta;
  };
  files: {
    added: TopList<FileChange>;
    removed: TopList<FileChange>;
    grown: TopList<FileChange>;
    shrunk: TopList<FileChange>;
  };
  /** Package changes; absent when neither image holds a package database */
  packages?: PackageDiff;
  /** With `--content`: unified diffs of the files whose bytes differ (src/diff/content-diff.ts) */
  content?: ContentDiff;
  /** Better, worse or mixed, whatever the limits */
  assessment: DiffAssessment;
  checks: DiffCheck[];
  /** The `diff:` limits: `unchecked` when no limit is configured */
  verdict: DiffVerdict;
}

/** The `.layerscope.yaml` `diff:` limits, as src/config gives them. */
export interface DiffLimits {
  maxSizeIncrease?: { bytes: number } | { fraction: number };
  /** Fraction of efficiency (0.05 = five points) */
  maxEfficiencyDrop?: number;
  noNewHints?: HintSeverity;
}
