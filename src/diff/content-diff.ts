import type { Analysis } from "../analysis/types.js";
import { globTest } from "../analysis/glob.js";
import { looksBinary } from "../content/binary.js";
import { ContentLocator, type FileContent } from "../content/locate.js";
import { hashFiles, readWholeFiles } from "../content/read-files.js";
import type { ImageSource } from "../sources/types.js";
import { findNode, walkTree } from "../tree/file-node.js";
import type { FileNode } from "../tree/types.js";

/** One side of a content diff: the analysis, and its source still open to read contents from. */
export interface OpenImage {
  analysis: Analysis;
  source: ImageSource;
}

export interface ContentDiffOptions {
  /** Only paths this glob matches (absolute, picomatch syntax, dotfiles match) */
  glob?: string;
  /** A file larger than this on either side is named, not read (default 1 MiB) */
  maxFileBytes?: number;
  /** Files diffed at most, in path order (default 200) */
  maxFiles?: number;
  /** Σ of the bytes read on both sides at most (default 64 MiB) */
  maxTotalBytes?: number;
  /** Milliseconds all the text diffs may take together (default 10 s); the files not diffed by then are left out */
  diffBudgetMs?: number;
}

type ContentFileKind = "text" | "binary" | "too-large" | "too-different";

/** A file of both final trees whose bytes differ. */
export interface ContentFileDiff {
  path: string;
  kind: ContentFileKind;
  baseBytes: number;
  headBytes: number;
  /** text: the unified diff (`--- a/… +++ b/… @@ …`), raw (outputs escape what they print) */
  patch?: string;
  /** text: lines added and removed */
  added?: number;
  removed?: number;
}

export interface ContentDiff {
  glob?: string;
  maxFileBytes: number;
  /** Regular files at the same path in both final trees (matching the glob) */
  compared: number;
  /** Of those, found identical without a diff: same layer, same hash, or same bytes */
  identical: number;
  /** Path order */
  files: ContentFileDiff[];
  /** Files left out once maxFiles, maxTotalBytes or the diffs' time budget was reached */
  omitted: number;
}

const DEFAULT_MAX_FILE = 1 << 20;
const DEFAULT_MAX_FILES = 200;
const DEFAULT_MAX_TOTAL = 64 << 20;
/** jsdiff gives up on a pair of files whose diff takes longer than this (a rewritten file) */
const DIFF_TIMEOUT_MS = 2000;
/** All the pairs together: 60 rewritten files would otherwise take 2 minutes */
const DEFAULT_DIFF_BUDGET_MS = 10_000;

interface Pair {
  path: string;
  base: FileContent;
  head: FileContent;
}

/**
 * Unified diffs of the regular files whose contents differ between two final trees. A file whose bytes come from the
 * same layer (same diff id) on both sides, or whose hashes are known and equal, is not read; the others are read
 * once per side (each layer at most once, up to its last wanted file) and compared. The text diff is jsdiff's
 * (loaded here only: a run without --content never loads it).
 */
export async function diffContents(base: OpenImage, head: OpenImage, options: ContentDiffOptions = {}): Promise<ContentDiff> {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE;
  const result: ContentDiff = { ...(options.glob ? { glob: options.glob } : {}), maxFileBytes, compared: 0, identical: 0, files: [], omitted: 0 };
  const pairs = pairsToCompare(base.analysis, head.analysis, options.glob, result);
  const { toRead, toHash } = planReads(pairs, maxFileBytes, options.maxFiles ?? DEFAULT_MAX_FILES, options.maxTotalBytes ?? DEFAULT_MAX_TOTAL, result);
  await compareHashes(base.source, head.source, toHash, result);
  await diffTexts(base.source, head.source, toRead, { maxFileBytes, budgetMs: options.diffBudgetMs ?? DEFAULT_DIFF_BUDGET_MS }, result);
  result.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return result;
}

/**
 * The regular files at the same path in both final trees (matching the glob) that may differ, in path order; the
 * others are counted in `result` (compared, and identical when their layer or hash says so).
 */
function pairsToCompare(base: Analysis, head: Analysis, glob: string | undefined, result: ContentDiff): Pair[] {
  const baseRoot = finalTree(base);
  const headRoot = finalTree(head);
  if (!baseRoot || !headRoot) return [];
  const matches = glob ? globTest(glob, { dot: true }) : () => true;
  const baseLocator = new ContentLocator(base.tree);
  const headLocator = new ContentLocator(head.tree);
  const pairs: Pair[] = [];
  walkTree(headRoot, (node) => {
    if (!isFile(node) || !matches(node.path)) return;
    const before = findNode(baseRoot, node.path);
    if (!before || !isFile(before)) return;
    result.compared++;
    const pair = { path: node.path, base: baseLocator.locate(before)!, head: headLocator.locate(node)! };
    if (sameMember(base, pair.base, head, pair.head) || sameHash(pair.base, pair.head)) return void result.identical++;
    pairs.push(pair);
  });
  return pairs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Which pairs are read whole (up to maxFileBytes) and which hashed (larger than the cap but of the same size: named
 * only when the hashes differ), within maxFiles and maxTotal bytes; the pairs of different sizes over the cap are
 * named in `result`, those past a limit counted as omitted.
 */
function planReads(pairs: readonly Pair[], maxFileBytes: number, maxFiles: number, maxTotal: number, result: ContentDiff): { toRead: Pair[]; toHash: Pair[] } {
  const toRead: Pair[] = [];
  const toHash: Pair[] = [];
  let total = 0;
  for (const pair of pairs) {
    const bytes = pair.base.size + pair.head.size;
    if (toRead.length + result.files.length >= maxFiles) result.omitted++;
    else if (pair.base.size !== pair.head.size && (pair.base.size > maxFileBytes || pair.head.size > maxFileBytes)) result.files.push(named(pair, "too-large"));
    else if (total + bytes > maxTotal) result.omitted++;
    else {
      total += bytes;
      (pair.base.size > maxFileBytes ? toHash : toRead).push(pair);
    }
  }
  return { toRead, toHash };
}

/** Large files of the same size: identical when their streamed hashes are, else named as too large to diff. */
async function compareHashes(base: ImageSource, head: ImageSource, toHash: readonly Pair[], result: ContentDiff): Promise<void> {
  const baseHashes = await hashFiles(
    base,
    toHash.map((pair) => pair.base),
  );
  const headHashes = await hashFiles(
    head,
    toHash.map((pair) => pair.head),
  );
  for (const pair of toHash) {
    if (baseHashes.get(pair.base) === headHashes.get(pair.head)) result.identical++;
    else result.files.push(named(pair, "too-large"));
  }
}

/**
 * Files read whole on both sides: identical, binary, too different for a diff in time, or a text diff; once the
 * diffs have taken `budgetMs` in all, the files left to diff are counted as omitted.
 */
async function diffTexts(
  base: ImageSource,
  head: ImageSource,
  toRead: readonly Pair[],
  { maxFileBytes, budgetMs }: { maxFileBytes: number; budgetMs: number },
  result: ContentDiff,
): Promise<void> {
  const baseBytes = await readWholeFiles(
    base,
    toRead.map((pair) => pair.base),
    maxFileBytes,
  );
  const headBytes = await readWholeFiles(
    head,
    toRead.map((pair) => pair.head),
    maxFileBytes,
  );
  const { structuredPatch, formatPatch, FILE_HEADERS_ONLY } = await import("diff");
  const deadline = Date.now() + budgetMs;
  for (const pair of toRead) {
    const before = baseBytes.get(pair.base)!;
    const after = headBytes.get(pair.head)!;
    if (before.equals(after)) {
      result.identical++;
      continue;
    }
    if (looksBinary(before) || looksBinary(after)) {
      result.files.push(named(pair, "binary"));
      continue;
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      result.omitted++;
      continue;
    }
    const patch = structuredPatch(`a${pair.path}`, `b${pair.path}`, before.toString("utf8"), after.toString("utf8"), undefined, undefined, {
      context: 3,
      timeout: Math.min(DIFF_TIMEOUT_MS, left),
    });
    if (!patch) {
      result.files.push(named(pair, "too-different"));
      continue;
    }
    const lines = patch.hunks.flatMap((hunk) => hunk.lines);
    result.files.push({
      ...named(pair, "text"),
      patch: formatPatch(patch, FILE_HEADERS_ONLY),
      added: lines.filter((line) => line.startsWith("+")).length,
      removed: lines.filter((line) => line.startsWith("-")).length,
    });
  }
}

function named(pair: Pair, kind: ContentFileKind): ContentFileDiff {
  return { path: pair.path, kind, baseBytes: pair.base.size, headBytes: pair.head.size };
}

function isFile(node: FileNode): boolean {
  return node.type === "file" || node.type === "hardlink";
}

/** The same member of layers with the same diff id (the same tar): the same bytes. */
function sameMember(base: Analysis, before: FileContent, head: Analysis, after: FileContent): boolean {
  const a = base.summary.layers[before.layer]?.diffId;
  return a !== undefined && a === head.summary.layers[after.layer]?.diffId && before.dataOffset === after.dataOffset && before.size === after.size;
}

function sameHash(before: FileContent, after: FileContent): boolean {
  return before.size === after.size && before.hash !== undefined && before.hash === after.hash;
}

function finalTree(analysis: Analysis): FileNode | undefined {
  const count = analysis.summary.layers.length;
  return count > 0 ? analysis.tree.treeAt(count - 1) : undefined;
}
