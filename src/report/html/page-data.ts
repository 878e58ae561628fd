/**
 * The data an HTML report carries, embedded as JSON and read by the page's script (src/report/html/page). Types
 * only: the Node side builds it, the browser side draws it, and both compile against this one file.
 */
import type { Hint } from "../../analysis/hints/types.js";
import type { RuleResult } from "../../analysis/rules-types.js";
import type { DiveFigures, ImageFigures } from "../../analysis/types.js";
import type { WasteGroup } from "../../analysis/waste-groups.js";
import type { DiffCheck, DiffVerdict, ImageDiff } from "../../diff/types.js";
import type { PackageReport } from "../../packages/types.js";
import type { DuplicateReport } from "../../analysis/duplicate-types.js";

/** What a block of the treemap is. */
export const NodeKind = {
  /** A directory of the image (its bytes are the sum of its children) */
  dir: 0,
  final: 1,
  junk: 2,
  shadowed: 3,
  deleted: 4,
  /** Small files the report's data holds only as a count and a sum (very large trees) */
  group: 5,
  /** A block of the report itself ("deleted and shadowed bytes", "layer 3") */
  section: 6,
  added: 7,
  removed: 8,
  grown: 9,
  shrunk: 10,
} as const;
export type NodeKindCode = (typeof NodeKind)[keyof typeof NodeKind];

/**
 * A block of the tree, as a compact tuple: [name, bytes, layer, kind, children or file count, extra].
 * - bytes: own bytes of a leaf (directories and sections: 0, their size is the sum below; diff leaves: |delta|);
 * - layer: the layer that wrote it (-1 when none); diff leaves: the layer of the side that holds it;
 * - children: sub-blocks of a directory or section; for a group, the number of files it stands for;
 * - extra: junk → index into `junkRules`; shadowed/deleted → the layer that replaced or removed it;
 *   diff leaves → the bytes in the base image.
 */
export type PackedNode = [name: string, bytes: number, layer: number, kind: NodeKindCode, children?: PackedNode[] | number, extra?: number];

export interface PackedTree {
  root: PackedNode;
  /** Files below this size were grouped in the data (0: every file is there) */
  groupedBelow: number;
  /** Files the tree stands for, grouped ones included */
  fileCount: number;
}

export interface PageLayer {
  index: number;
  digest: string;
  /** The layer's instruction (cleaned `created_by`) */
  command: string;
  /** The Dockerfile instruction matched to the layer, when a Dockerfile was given */
  dockerfileLine?: number;
  sizeBytes: number;
  /** Bytes of this layer's files in the final tree that are not junk */
  finalBytes: number;
  junkBytes: number;
  shadowedBytes: number;
  deletedBytes: number;
  /** Came with the base image */
  inherited?: boolean;
}

/** The image's figures without Dive's per-path list (megabytes on a big image, drawn nowhere). */
export type PageImage = Omit<ImageFigures, "dive"> & { dive: Omit<DiveFigures, "fileReference"> };

export interface AnalysisPageData {
  page: "analysis";
  generator: string;
  image: PageImage;
  rules: RuleResult[];
  /** "layerscope's rule set (the default)": the rule set that decided the verdict */
  decidedBy?: string;
  verdict: "pass" | "fail";
  layers: PageLayer[];
  hints: Hint[];
  /** Bytes the fixes of all the hints remove, each byte counted once (removableBytes) */
  hintsRemovableBytes: number;
  /** Junk rule ids, by the index junk leaves carry */
  junkRules: string[];
  /** The waste list: files of one cause grouped by directory and layer pair (src/analysis/waste-groups.ts) */
  wasteGroups: WasteGroup[];
  tree: PackedTree;
  /** Installed packages (src/packages); absent when the image holds no package database */
  packages?: PackageReport;
  /** With `--duplicates`: identical files at different paths */
  duplicates?: DuplicateReport;
  /** With `--baseline BASE`: the `diff:` limits against it, which decide the run with the rules */
  baseline?: { reference: string; verdict: DiffVerdict; checks: DiffCheck[] };
}

interface DiffPageSide {
  image: PageImage;
  layers: PageLayer[];
}

export interface DiffPageData {
  page: "diff";
  generator: string;
  diff: ImageDiff;
  /** The verdict as the text and Markdown reports give it, and their icon */
  verdict: { icon: string; text: string; figures: string };
  base: DiffPageSide;
  head: DiffPageSide;
  /** The final trees' differences: one leaf per file added, removed, grown or shrunk */
  delta: PackedTree;
}

export type PageData = AnalysisPageData | DiffPageData;
