import type { BaseEvidence } from "../analysis/base/types.js";
import type { HintSeverity } from "../analysis/hints/types.js";
import type { Ecosystem } from "../packages/types.js";

export const FLEET_SCHEMA_VERSION = 1;
export const FLEET_KIND = "layerscope-fleet";

/** One layer of a fleet image, with the figures the fleet report adds up (and re-splits at another base). */
export interface FleetLayer {
  /** The blob digest a pull fetches (for a docker archive, the diff id) */
  digest: string;
  diffId?: string;
  blobSize?: number;
  sizeBytes: number;
  /** Waste whose bytes sit in this layer, by kind */
  shadowedBytes: number;
  deletedBytes: number;
  junkBytes: number;
  /** Packages this layer installed, and their bytes in the final tree */
  packages: number;
  packageBytes: number;
}

/** A fix hint, as the fleet report keeps it (the top few of each image). */
interface FleetHint {
  id: string;
  severity: HintSeverity;
  bytes: number;
  layer: number;
  message: string;
}

interface FleetPackage {
  ecosystem: Ecosystem;
  name: string;
  version: string;
  bytes: number;
  layer: number;
}

/** What the fleet report says of the base of one image. */
interface FleetBase {
  evidence: BaseEvidence;
  name?: string;
  inheritedLayers: number;
  /** Set when another image of the fleet is this image's base (its layers are this image's first layers) */
  fleetImage?: string;
}

/** One reference of the fleet: its figures, or why it could not be analysed. */
export interface FleetImage {
  reference: string;
  status: "ok" | "error";
  /** The one-line reason, for an image that failed */
  error?: string;
  /** The smallest reference of the fleet naming the same image (same config digest): analysed once, counted once */
  sameAs?: string;
  format?: string;
  manifestDigest?: string;
  configDigest?: string;
  platform?: string;
  totalBytes?: number;
  finalBytes?: number;
  wastedBytes?: number;
  efficiency?: number;
  compressedBytes?: number;
  dive?: { efficiencyScore: number; inefficientBytes: number; userWastedPercent: number };
  layers?: FleetLayer[];
  base?: FleetBase;
  /** The most severe and largest hints (at most FLEET_HINTS) */
  hints?: FleetHint[];
  /** Every package with bytes in the final tree, largest first (at most FLEET_PACKAGES) */
  packages?: FleetPackage[];
  verdict?: "pass" | "fail";
  failedRules?: string[];
}

export const FLEET_HINTS = 5;
export const FLEET_PACKAGES = 100;

/** The shard a report covers, when it covers one. */
export interface FleetShard {
  index: number;
  count: number;
}

/** `layerscope fleet --json`: the per-image rows; every other figure of the report is computed from them. */
export interface FleetReportJson {
  schemaVersion: typeof FLEET_SCHEMA_VERSION;
  kind: typeof FLEET_KIND;
  shard?: FleetShard;
  /** Whether the rules and split were made on the images' own layers (`--ignore-base`) */
  ignoreBase: boolean;
  images: FleetImage[];
  summary: FleetSummary;
  baseline?: FleetTrend;
}

export interface SideTotals {
  sizeBytes: number;
  wastedBytes: number;
}

export interface FleetSummary {
  references: number;
  /** Distinct images (by config digest) among those analysed */
  images: number;
  failed: number;
  passed: number;
  failedRules: number;
  totalBytes: number;
  wastedBytes: number;
  yours: SideTotals;
  inherited: SideTotals;
  /** What pulling every image downloads with each distinct blob fetched once, against once per image */
  pull: { distinctLayers: number; layers: number; sharedBytes: number; perImageBytes: number; unknownSizeLayers: number };
  worst: { reference: string; wastedBytes: number; yoursWastedBytes: number; efficiency: number; hints: FleetHint[] }[];
  hints: { id: string; images: number; bytes: number }[];
  packages: { ecosystem: Ecosystem; name: string; images: number; bytes: number; inheritedIn: number }[];
  bases: { name: string; evidence: BaseEvidence | "fleet"; images: number; inheritedBytes: number }[];
}

/** Against `--baseline previous.json`: the images that changed, and whether any regressed. */
export interface FleetTrend {
  baseline: string;
  regressions: number;
  changed: { reference: string; change: "new" | "gone" | "worse" | "better" | "failing" | "fixed"; efficiencyDelta?: number; wastedDelta?: number; sizeDelta?: number; reasons: string[] }[];
  verdict: "pass" | "fail";
}
