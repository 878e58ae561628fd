import { appendFileSync } from "node:fs";
import { analyzeImage } from "../../src/analysis/analyze.js";
import type { Analysis } from "../../src/analysis/types.js";
import { openImage } from "../../src/sources/open.js";
import type { FileNode } from "../../src/tree/types.js";
import { ImageError } from "../../src/errors.js";

/** Messages of JavaScript's own errors: a wrapper that turns them into ImageErrors would hide a bug. */
const INTERNAL =
  /Cannot read properties|is not a function|is not iterable|Maximum call stack|Invalid array length|Invalid string length|out of range|undefined|NaN|\[object /;

/** What a run may end in: a one-line error meant for the user, or an analysis (then checked to be consistent). */
export type Outcome = { kind: "error"; message: string } | { kind: "result"; analysis: Analysis };

/** Opens an image as the CLI does and analyzes it. */
export async function analyzeReference(reference: string): Promise<Analysis> {
  const source = await openImage(reference);
  try {
    return await analyzeImage(source);
  } finally {
    await source.close();
  }
}

/** Runs `analyze`; an ImageError with a one-line message is a clean outcome, anything else is rethrown. */
export async function outcomeOf(analyze: () => Promise<Analysis>): Promise<Outcome> {
  let analysis: Analysis;
  try {
    analysis = await analyze();
  } catch (error) {
    if (!(error instanceof ImageError)) throw error;
    if (error.message === "" || /[\n\r]/.test(error.message)) throw new Error(`not a one-line message: ${JSON.stringify(error.message)}`);
    if (INTERNAL.test(error.message)) throw new Error(`a programming error passed off as an image error: ${error.message}`);
    if (process.env.LAYERSCOPE_FUZZ_MESSAGES) appendFileSync(process.env.LAYERSCOPE_FUZZ_MESSAGES, `${error.message}\n`);
    return { kind: "error", message: error.message };
  }
  assertConsistent(analysis);
  return { kind: "result", analysis };
}

function fail(message: string): never {
  throw new Error(`inconsistent analysis: ${message}`);
}

function check(condition: boolean, message: string): void {
  if (!condition) fail(message);
}

function isCount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

/**
 * The figures add up and are never negative; every tree path lies inside the root, is built from its parent's
 * path and its own name, and directory totals are the sums of what they hold.
 */
export function assertConsistent(analysis: Analysis): void {
  const { image, layers, waste } = analysis.summary;
  for (const key of ["totalBytes", "finalBytes", "shadowedBytes", "deletedBytes", "junkBytes", "wastedBytes", "fileCount"] as const) {
    check(isCount(image[key]), `${key} = ${image[key]}`);
  }
  check(image.totalBytes === image.finalBytes + image.shadowedBytes + image.deletedBytes, "total ≠ final + shadowed + deleted");
  check(image.wastedBytes === image.shadowedBytes + image.deletedBytes + image.junkBytes, "wasted ≠ shadowed + deleted + junk");
  check(image.junkBytes <= image.finalBytes, "junk > final");
  check(image.efficiency >= 0 && image.efficiency <= 1, `efficiency ${image.efficiency}`);
  check(image.layerCount === layers.length, "layerCount");
  const shipped = layers.reduce((sum, layer) => sum + layer.sizeBytes, 0);
  check(image.totalBytes <= shipped, `total ${image.totalBytes} > bytes the layers ship ${shipped}`);
  for (const layer of layers) {
    for (const key of ["sizeBytes", "entries", "added", "modified", "removed", "addedBytes", "modifiedBytes", "removedBytes"] as const) {
      check(isCount(layer[key]), `layer ${layer.index} ${key} = ${layer[key]}`);
    }
  }
  let wasted = 0;
  for (const item of waste) {
    check(isCount(item.bytes) && item.bytes > 0, `waste item ${item.path} bytes ${item.bytes}`);
    check(item.path.startsWith("/") && insideRoot(item.path), `waste path ${JSON.stringify(item.path)}`);
    wasted += item.bytes;
  }
  check(wasted === image.wastedBytes, `waste items sum ${wasted} ≠ wastedBytes ${image.wastedBytes}`);
  const dive = image.dive;
  for (const key of ["sizeBytes", "userSizeBytes", "inefficientBytes"] as const) check(isCount(dive[key]), `dive ${key} = ${dive[key]}`);
  check(Number.isFinite(dive.efficiencyScore) && Number.isFinite(dive.userWastedPercent), "dive ratios not finite");

  for (let n = 0; n < analysis.tree.layerCount; n++) {
    const count = assertTree(analysis.tree.treeAt(n));
    if (n === analysis.tree.layerCount - 1) check(count === image.fileCount, `tree holds ${count} nodes, fileCount ${image.fileCount}`);
    for (const change of analysis.tree.changesOf(n)) check(insideRoot(change.path), `change path ${JSON.stringify(change.path)}`);
  }
}

function insideRoot(path: string): boolean {
  if (path === "/") return true;
  return (
    path.startsWith("/") &&
    path
      .slice(1)
      .split("/")
      .every((name) => name !== "" && name !== "." && name !== "..")
  );
}

/** Checks a tree without recursion; returns how many nodes other than the root and removed ghosts it holds. */
function assertTree(root: FileNode): number {
  check(root.path === "/", `root path ${root.path}`);
  let count = 0;
  const stack: FileNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    check(isCount(node.size) && isCount(node.totalSize), `${node.path}: size ${node.size}, total ${node.totalSize}`);
    if (!node.children) continue;
    let total = 0;
    let previous: string | undefined;
    for (const child of node.children) {
      check(child.name !== "" && child.name !== "." && child.name !== ".." && !child.name.includes("/"), `name ${JSON.stringify(child.name)}`);
      check(child.path === (node.path === "/" ? "/" : node.path + "/") + child.name, `path ${JSON.stringify(child.path)} under ${node.path}`);
      check(previous === undefined || previous < child.name, `children of ${node.path} not sorted or not unique`);
      previous = child.name;
      if (child.change !== "removed" || node.change === "removed") total += child.totalSize;
      if (child.change !== "removed") count++;
      stack.push(child);
    }
    check(total === node.totalSize, `${node.path}: total ${node.totalSize} ≠ Σ children ${total}`);
  }
  return count;
}
