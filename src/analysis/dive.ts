import type { LayerEntry } from "../tree/types.js";
import type { DiveFigures, DiveFileReference } from "./types.js";

/**
 * Dive 0.13.1's efficiency model, reproduced to the last digit, quirks included (see docs/models.md): per-layer trees
 * keyed by raw names (a `.wh.X` node sits beside `X`), opaque markers dropped, whiteouts sized from the stack of
 * the layers below with Dive's grafting rules, and a missing whiteout target ending that layer's walk.
 */

interface DiveNode {
  name: string;
  /** null until the node gets a child */
  children: Map<string, DiveNode> | null;
  /** Children sorted bytewise, computed once; only for layer trees, which never change after they are built */
  sorted: DiveNode[] | null;
  isDir: boolean;
  size: number;
}

export interface DiveLayerInput {
  entries: LayerEntry[];
  /** Dive reads a symlinked docker-archive member as an empty layer */
  readsEmpty?: boolean;
}

const WHITEOUT = ".wh.";
const DOUBLE_WHITEOUT = ".wh..wh.";

export function computeDiveFigures(layers: DiveLayerInput[]): DiveFigures {
  const sizes = layers.map((layer) => (layer.readsEmpty ? 0 : layer.entries.reduce((sum, e) => sum + e.size, 0)));
  const { score, inefficient } = efficiency(layers);
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

function newNode(name: string): DiveNode {
  return { name, children: null, sorted: null, isDir: false, size: 0 };
}

/** Dive's per-layer tree. Tar entries come grouped by directory, so the last parent found is tried first. */
function buildLayerTree(entries: LayerEntry[]): DiveNode {
  const root = newNode("");
  let lastDir: string | null = null;
  let lastParent: DiveNode = root;
  for (const entry of entries) {
    const path = entry.path;
    if (path === "") continue;
    const slash = path.lastIndexOf("/");
    let parent: DiveNode | undefined = root;
    if (slash >= 0) {
      if (lastDir !== null && lastDir.length === slash && path.startsWith(lastDir)) {
        parent = lastParent;
      } else {
        lastDir = path.slice(0, slash);
        parent = walkCreating(root, lastDir);
        if (parent) lastParent = parent;
        else lastDir = null;
      }
    }
    if (parent) setChild(parent, slash < 0 ? path : path.slice(slash + 1), entry.type === "dir", entry.size);
  }
  return root;
}

/** Dive's AddPath for the parents of a path: a missing one becomes a size-0 non-directory. */
function walkCreating(root: DiveNode, dir: string): DiveNode | undefined {
  let node = root;
  let start = 0;
  for (;;) {
    const slash = dir.indexOf("/", start);
    const name = slash < 0 ? dir.slice(start) : dir.slice(start, slash);
    let child = node.children?.get(name);
    if (!child) {
      if (name.startsWith(DOUBLE_WHITEOUT)) return undefined;
      child = newNode(name);
      (node.children ??= new Map()).set(name, child);
    }
    node = child;
    if (slash < 0) return node;
    start = slash + 1;
  }
}

/** The last step of Dive's AddPath: an existing node keeps its children. */
function setChild(parent: DiveNode, name: string, isDir: boolean, size: number): void {
  let node = parent.children?.get(name);
  if (!node) {
    if (name.startsWith(DOUBLE_WHITEOUT)) return;
    node = newNode(name);
    (parent.children ??= new Map()).set(name, node);
  }
  node.isDir = isDir;
  node.size = size;
}

/** Dive's AddPath with the path given as names. */
function addPath(root: DiveNode, names: string[], isDir: boolean, size: number): void {
  let node = root;
  for (let i = 0; i < names.length - 1; i++) {
    let child = node.children?.get(names[i]);
    if (!child) {
      if (names[i].startsWith(DOUBLE_WHITEOUT)) return;
      child = newNode(names[i]);
      (node.children ??= new Map()).set(names[i], child);
    }
    node = child;
  }
  setChild(node, names[names.length - 1], isDir, size);
}

function sortedChildren(node: DiveNode): DiveNode[] {
  if (!node.sorted) {
    node.sorted = node.children ? [...node.children.values()] : [];
    if (node.sorted.length > 1) node.sorted.sort((a, b) => compareBytes(a.name, b.name));
  }
  return node.sorted;
}

function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The name Dive's paths give a node: a whiteout `.wh.X` stands for X. */
function leafName(name: string): string {
  return name.startsWith(WHITEOUT) ? name.slice(WHITEOUT.length) : name;
}

/** Dive's GetNode for the path `names[0..count)` (the last one as given); empty names are skipped as in Dive. */
function getNode(root: DiveNode, names: string[], count: number, last: string): DiveNode | undefined {
  let node: DiveNode | undefined = root;
  for (let i = 0; i < count && node; i++) {
    const name = i === count - 1 ? last : names[i];
    if (name !== "") node = node.children?.get(name);
  }
  return node;
}

/**
 * Dive's Stack, walking the upper tree children first: whiteouts remove, everything else is added over.
 * An explicit stack of frames: an image may nest directories deeper than the call stack allows.
 */
function graft(stack: DiveNode, upper: DiveNode): void {
  const names: string[] = [];
  const frames: Array<{ node: DiveNode | null; children: DiveNode[]; next: number }> = [{ node: null, children: sortedChildren(upper), next: 0 }];
  while (frames.length > 0) {
    const frame = frames[frames.length - 1];
    if (frame.next < frame.children.length) {
      const node = frame.children[frame.next++];
      names.push(node.name);
      if (node.children) {
        frames.push({ node, children: sortedChildren(node), next: 0 });
        continue;
      }
      graftNode(stack, node, names);
      names.pop();
      continue;
    }
    frames.pop();
    if (frame.node) {
      graftNode(stack, frame.node, names);
      names.pop();
    }
  }
}

function graftNode(stack: DiveNode, node: DiveNode, names: string[]): void {
  if (node.name.startsWith(WHITEOUT)) {
    const parent = getNode(stack, names, names.length - 1, names[names.length - 2]);
    parent?.children?.delete(leafName(node.name));
  } else {
    addPath(stack, names, node.isDir, node.size);
  }
}

function subtreeSize(root: DiveNode): number {
  let total = 0;
  const pending: DiveNode[] = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    total += node.size;
    if (node.children) for (const child of node.children.values()) pending.push(child);
  }
  return total;
}

/**
 * Every path Dive's walk has seen, as a trie of names, so no path string is built for a leaf seen once. A name
 * maps to its leaf's id when it is only a leaf, else to a directory node (with the id of its own leaf, if any);
 * each leaf's figures live in typed arrays by id (an object per leaf cost ~100 bytes on a 1M-entry image).
 */
interface PathDir {
  children: Map<string, PathDir | number>;
  /** Id of the leaf at this path, -1 when none */
  leaf: number;
}

function newPathDir(leaf: number): PathDir {
  return { children: new Map(), leaf };
}

/** The directory node of `name` under `node`, made or turned into one (keeping the leaf there) when needed. */
function pathDir(node: PathDir, name: string): PathDir {
  const child = node.children.get(name);
  if (typeof child === "object") return child;
  const dir = newPathDir(child ?? -1);
  node.children.set(name, dir);
  return dir;
}

/** What Dive's walk keeps per leaf path seen: how often, Σ and minimum of its sizes (by leaf id). */
class LeafFigures {
  count = new Int32Array(1024);
  cumulative = new Float64Array(1024);
  min = new Float64Array(1024);
  length = 0;

  /** The id of the leaf `name` under `node`, a new one when the path was not seen yet. */
  leafOf(node: PathDir, name: string): number {
    const child = node.children.get(name);
    if (typeof child === "number") return child;
    if (child && child.leaf >= 0) return child.leaf;
    const id = this.add();
    if (child) child.leaf = id;
    else node.children.set(name, id);
    return id;
  }

  private add(): number {
    if (this.length === this.count.length) {
      this.count = grown(this.count, new Int32Array(this.length * 2));
      this.cumulative = grown(this.cumulative, new Float64Array(this.length * 2));
      this.min = grown(this.min, new Float64Array(this.length * 2));
    }
    this.min[this.length] = -1;
    return this.length++;
  }
}

function grown<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

function pathString(names: string[]): string {
  return "/" + [...names.slice(0, -1), leafName(names[names.length - 1])].join("/");
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

function efficiency(layers: DiveLayerInput[]): { score: number; inefficient: DiveFileReference[] } {
  // Dive stacks layers 0..i-1 for each whiteout of layer i. Stacking in step with the walk gives the same trees:
  // layer 0's own tree becomes the stack (its walk is over before the first graft), and each layer is grafted
  // once walked, then dropped, so one layer tree at a time is alive beside the stack.
  const walk = new EfficiencyWalk();
  const lastLookup = lastWhiteoutLayer(layers);
  layers.forEach((input, layer) => {
    const tree = buildLayerTree(input.readsEmpty ? [] : input.entries);
    if (layer === 0) walk.stack = tree;
    walk.walk(tree);
    if (layer > 0 && layer < lastLookup) graft(walk.stack!, tree);
  });
  return walk.result();
}

/** Dive's walk of the layers' trees, in order: every leaf path it sees, how often, and its sizes. */
class EfficiencyWalk {
  /** The layers walked so far, stacked (for the targets of whiteouts) */
  stack: DiveNode | undefined;
  private readonly leaves = new LeafFigures();
  /** The ids of the leaves seen twice, in the order they were, and their paths */
  private readonly inefficient: number[] = [];
  private readonly inefficientPaths: string[] = [];
  private readonly paths: PathDir = newPathDir(-1);
  private readonly names: string[] = [];

  /** Children first, sorted; leaves only count. A missing whiteout target ends the walk of the layer. */
  walk(tree: DiveNode): void {
    const names = this.names;
    const frames: Array<{ children: DiveNode[]; at: PathDir; next: number }> = [{ children: sortedChildren(tree), at: this.paths, next: 0 }];
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      if (frame.next === frame.children.length) {
        frames.pop();
        names.pop();
        continue;
      }
      const child = frame.children[frame.next++];
      names.push(child.name);
      if (child.children !== null && child.children.size > 0) {
        frames.push({ children: sortedChildren(child), at: pathDir(frame.at, child.name), next: 0 });
        continue;
      }
      const go = this.visitLeaf(child, frame.at);
      names.pop();
      if (!go) {
        names.length = 0;
        return;
      }
    }
  }

  private visitLeaf(node: DiveNode, parent: PathDir): boolean {
    const name = leafName(node.name);
    const leaves = this.leaves;
    const id = leaves.leafOf(parent, name);
    let size = node.size;
    if (name !== node.name) {
      const previous = getNode(this.stack!, this.names, this.names.length, name);
      if (!previous) return false;
      size = previous.isDir ? subtreeSize(previous) : 0;
    }
    leaves.cumulative[id] += size;
    if (leaves.min[id] < 0 || size < leaves.min[id]) leaves.min[id] = size;
    if (++leaves.count[id] === 2) {
      this.inefficient.push(id);
      this.inefficientPaths.push(pathString(this.names));
    }
    return true;
  }

  /** Dive's efficiency score and its list of inefficient files, largest first */
  result(): { score: number; inefficient: DiveFileReference[] } {
    let minimum = 0;
    let discovered = 0;
    const { count, cumulative, min, length } = this.leaves;
    for (let id = 0; id < length; id++) {
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
