import type { LayerEntry } from "../tree/types.js";
import type { DiveFigures, DiveFileReference } from "./types.js";
import { DiveLayer, findSorted } from "./dive-layer.js";
import { GraftedStack, SingleLayerStack, type DiveStack } from "./dive-stack.js";
import { ITEMS_PER_STEP, runSteps, sortSteps, type Steps } from "../steps/steps.js";

/**
 * Dive 0.13.1's efficiency model, reproduced to the last digit, quirks included (see docs/models.md): per-layer trees
 * keyed by raw names (a `.wh.X` node sits beside `X`), opaque markers dropped, whiteouts sized from the stack of
 * the layers below with Dive's grafting rules, and a missing whiteout target ending that layer's walk.
 */

export interface DiveLayerInput {
  entries: LayerEntry[];
  /** Dive reads a symlinked docker-archive member as an empty layer */
  readsEmpty?: boolean;
}

const WHITEOUT = ".wh.";

export function computeDiveFigures(layers: DiveLayerInput[]): DiveFigures {
  return runSteps(diveFigureSteps(layers));
}

/** computeDiveFigures in steps */
export function* diveFigureSteps(layers: DiveLayerInput[]): Steps<DiveFigures> {
  const sizes = layers.map((layer) => (layer.readsEmpty ? 0 : layer.entries.reduce((sum, e) => sum + e.size, 0)));
  const { score, inefficient } = yield* efficiency(layers);
  const sizeBytes = sizes.reduce((a, b) => a + b, 0);
  const userSizeBytes = sizeBytes - (sizes[0] ?? 0);
  const inefficientBytes = inefficient.reduce((sum, item) => sum + item.sizeBytes, 0);
  return {
    efficiencyScore: score,
    sizeBytes,
    userSizeBytes,
    inefficientBytes,
    userWastedPercent: userSizeBytes > 0 ? inefficientBytes / userSizeBytes : 0,
    fileReference: inefficient,
  };
}

/**
 * What Dive's walk keeps per leaf path seen (its path with a whiteout's name read as the name it removes): how
 * often, Σ and minimum of its sizes, by leaf id. The first layer walked gives its leaves' paths as a sorted list
 * (looked up by binary search, about 8 bytes a path, where a map takes about 40; sorted and compared as JavaScript
 * compares strings, natively); paths first seen in a later layer go to a map. An id of that list whose path the
 * walk has not reached yet has a count of -1.
 */
class LeafFigures {
  count = new Int32Array(1024);
  cumulative = new Float64Array(1024);
  min = new Float64Array(1024);
  length = 0;
  private sorted: string[] = [];
  private readonly later = new Map<string, number>();

  /** Gives the leaves of the first layer, ids 0.. in the order of Array.prototype.sort (in steps: 1M paths) */
  *start(leaves: string[]): Steps<void> {
    const sorted = yield* sortSteps(leaves, byCodeUnits);
    this.sorted = sorted;
    this.reserve(sorted.length);
    this.count.fill(-1, 0, sorted.length);
    this.min.fill(-1, 0, sorted.length);
    this.length = sorted.length;
  }

  /** The id of the leaf at `path`, a new one when the path was not seen yet. */
  idOf(path: string): number {
    const listed = findSorted(this.sorted, path, byCodeUnits);
    if (listed >= 0) {
      if (this.count[listed] < 0) this.count[listed] = 0;
      return listed;
    }
    const known = this.later.get(path);
    if (known !== undefined) return known;
    this.reserve(this.length + 1);
    this.min[this.length] = -1;
    this.later.set(path, this.length);
    return this.length++;
  }

  private reserve(size: number): void {
    if (size <= this.count.length) return;
    const capacity = Math.max(size, this.count.length * 2);
    this.count = grown(this.count, new Int32Array(capacity));
    this.cumulative = grown(this.cumulative, new Float64Array(capacity));
    this.min = grown(this.min, new Float64Array(capacity));
  }
}

function grown<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/**
 * The last layer that may look something up in the stack: one with a `.wh.` name anywhere in a path (a parent
 * named `.wh.x` of an opaque marker is a whiteout leaf in Dive's tree too). No layer after it needs the stack.
 */
function lastWhiteoutLayer(layers: DiveLayerInput[]): number {
  for (let i = layers.length - 1; i >= 0; i--) {
    if (layers[i].readsEmpty) continue;
    for (const entry of layers[i].entries) {
      if (entry.path.startsWith(WHITEOUT) || entry.path.includes("/" + WHITEOUT)) return i;
    }
  }
  return -1;
}

function* efficiency(layers: DiveLayerInput[]): Steps<{ score: number; inefficient: DiveFileReference[] }> {
  // Dive stacks layers 0..i-1 for each whiteout of layer i. Stacking in step with the walk gives the same trees:
  // layer 0's own tree is the stack (its walk is over before the first graft), and each layer is grafted once
  // walked, then dropped, so one layer tree at a time is alive beside the stack. Until a layer is grafted, the
  // stack is looked up in layer 0's arrays; no object per node is made unless a graft needs them.
  const walk = new EfficiencyWalk();
  const lastLookup = lastWhiteoutLayer(layers);
  let stack: DiveStack | undefined;
  for (const [layer, input] of layers.entries()) {
    const tree = yield* DiveLayer.ofSteps(input.readsEmpty ? [] : input.entries);
    if (layer === 0) stack = new SingleLayerStack(tree);
    yield* walk.walk(tree, stack);
    if (layer > 0 && layer < lastLookup) {
      if (stack instanceof SingleLayerStack) {
        stack = new GraftedStack(stack.layer);
        yield;
      }
      yield* (stack as GraftedStack).graft(tree);
    }
    if (layer >= lastLookup) stack = undefined;
  }
  return walk.result();
}

/** Dive's walk of the layers' trees, in order: every leaf path it sees, how often, and its sizes. */
class EfficiencyWalk {
  private readonly leaves = new LeafFigures();
  /** The ids of the leaves seen twice, in the order they were, and their paths */
  private readonly inefficient: number[] = [];
  private readonly inefficientPaths: string[] = [];

  /** Children first, sorted; leaves only count. A missing whiteout target ends the walk of the layer. */
  *walk(tree: DiveLayer, stack: DiveStack | undefined): Steps<void> {
    if (this.leaves.length === 0) yield* this.leaves.start(yield* plainLeaves(tree));
    for (let i = 0; i < tree.length; i++) {
      if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
      if (!tree.hasChildren(i) && !this.visitLeaf(tree, i, stack)) return;
    }
  }

  private visitLeaf(tree: DiveLayer, i: number, stack: DiveStack | undefined): boolean {
    const path = tree.paths[i];
    const slash = path.lastIndexOf("/");
    let size = tree.sizes[i];
    let leafPath = path;
    let id: number;
    if (path.startsWith(WHITEOUT, slash + 1)) {
      const dir = slash < 0 ? "" : path.slice(0, slash);
      const name = path.slice(slash + 1 + WHITEOUT.length);
      leafPath = slash < 0 ? name : dir + "/" + name;
      id = this.leaves.idOf(leafPath);
      // (no stack after the last layer with a whiteout: a whiteout is never reached there)
      const below = stack!.whiteoutSize(dir, name);
      if (below === undefined) return false;
      size = below;
    } else id = this.leaves.idOf(leafPath);
    const leaves = this.leaves;
    leaves.cumulative[id] += size;
    if (leaves.min[id] < 0 || size < leaves.min[id]) leaves.min[id] = size;
    if (++leaves.count[id] === 2) {
      this.inefficient.push(id);
      this.inefficientPaths.push("/" + leafPath);
    }
    return true;
  }

  /** Dive's efficiency score and its list of inefficient files, largest first */
  result(): { score: number; inefficient: DiveFileReference[] } {
    let minimum = 0;
    let discovered = 0;
    const { count, cumulative, min, length } = this.leaves;
    for (let id = 0; id < length; id++) {
      if (count[id] < 0) continue;
      minimum += min[id];
      discovered += cumulative[id];
    }
    // Dive sorts ascending (stable for these sizes) and prints the list reversed.
    const sorted = this.inefficient
      .map((id, order) => ({ id, order }))
      .sort((a, b) => cumulative[a.id] - cumulative[b.id] || a.order - b.order)
      .reverse()
      .map(({ id, order }) => ({ file: this.inefficientPaths[order], count: count[id], sizeBytes: cumulative[id] }));
    return { score: discovered === 0 ? 1 : minimum / discovered, inefficient: sorted };
  }
}

/** The order of Array.prototype.sort's own string comparison */
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The paths of a layer's leaves that are not whiteouts */
function* plainLeaves(tree: DiveLayer): Steps<string[]> {
  const paths: string[] = [];
  for (let i = 0; i < tree.length; i++) {
    if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
    if (tree.hasChildren(i)) continue;
    const path = tree.paths[i];
    if (!path.startsWith(WHITEOUT, path.lastIndexOf("/") + 1)) paths.push(path);
  }
  return paths;
}
