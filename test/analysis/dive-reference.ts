import type { LayerEntry } from "../../src/tree/types.js";
import type { DiveFigures, DiveFileReference } from "../../src/analysis/types.js";

/**
 * The first, straightforward version of src/analysis/dive.ts (a tree per layer, the stack rebuilt lazily, paths as
 * strings), kept as the reference the optimised one is checked against. Dive 0.13.1's efficiency model, quirks included (see docs/models.md): per-layer trees
 * keyed by raw names (a `.wh.X` node sits beside `X`), opaque markers dropped, whiteouts sized from the stack of
 * the layers below with Dive's grafting rules, and a missing whiteout target ending that layer's walk.
 */

interface DiveNode {
  name: string;
  children: Map<string, DiveNode>;
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

export function referenceDiveFigures(layers: DiveLayerInput[]): DiveFigures {
  const trees = layers.map((layer) => buildLayerTree(layer.readsEmpty ? [] : layer.entries));
  const sizes = layers.map((layer) => (layer.readsEmpty ? 0 : layer.entries.reduce((sum, e) => sum + e.size, 0)));
  const { score, inefficient } = efficiency(layers, trees);
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
  return { name, children: new Map(), isDir: false, size: 0 };
}

function buildLayerTree(entries: LayerEntry[]): DiveNode {
  const root = newNode("");
  for (const entry of entries) {
    if (entry.path === "") continue;
    addPath(root, entry.path.split("/"), entry.type === "dir", entry.size);
  }
  return root;
}

/** Dive's AddPath: missing parents become size-0 non-directories; an existing node keeps its children. */
function addPath(root: DiveNode, names: string[], isDir: boolean, size: number): void {
  let node = root;
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    let child = node.children.get(name);
    if (!child) {
      if (name.startsWith(DOUBLE_WHITEOUT)) return;
      child = newNode(name);
      node.children.set(name, child);
    }
    node = child;
  }
  node.isDir = isDir;
  node.size = size;
}

function sortedChildren(node: DiveNode): DiveNode[] {
  return [...node.children.values()].sort((a, b) => compareBytes(a.name, b.name));
}

function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Children first, sorted by name; the root is never visited. Stops when `visit` returns false. */
function visitChildFirst(root: DiveNode, visit: (node: DiveNode, names: string[]) => boolean): void {
  const walk = (node: DiveNode, names: string[]): boolean => {
    for (const child of sortedChildren(node)) {
      names.push(child.name);
      const go = walk(child, names) && visit(child, names);
      names.pop();
      if (!go) return false;
    }
    return true;
  };
  walk(root, []);
}

function nodePath(names: string[]): string {
  const last = names[names.length - 1];
  const leaf = last.startsWith(WHITEOUT) ? last.slice(WHITEOUT.length) : last;
  return "/" + [...names.slice(0, -1), leaf].join("/");
}

function getNode(root: DiveNode, path: string): DiveNode | undefined {
  let node: DiveNode | undefined = root;
  for (const name of path.split("/")) {
    if (name === "") continue;
    node = node.children.get(name);
    if (!node) return undefined;
  }
  return node;
}

/** Dive's Stack: whiteouts remove, everything else (implicit parents too) is added over what is there. */
function graft(stack: DiveNode, upper: DiveNode): void {
  visitChildFirst(upper, (node, names) => {
    const path = nodePath(names);
    if (node.name.startsWith(WHITEOUT)) {
      const slash = path.lastIndexOf("/");
      const parent = getNode(stack, path.slice(0, slash));
      parent?.children.delete(path.slice(slash + 1));
    } else {
      addPath(stack, path.slice(1).split("/"), node.isDir, node.size);
    }
    return true;
  });
}

function subtreeSize(node: DiveNode): number {
  let total = node.size;
  for (const child of node.children.values()) total += subtreeSize(child);
  return total;
}

interface PathData {
  path: string;
  count: number;
  cumulative: number;
  min: number;
}

function efficiency(layers: DiveLayerInput[], trees: DiveNode[]): { score: number; inefficient: DiveFileReference[] } {
  const byPath = new Map<string, PathData>();
  const inefficient: PathData[] = [];
  let stack: DiveNode | undefined;
  let stackTop = 0;
  const stackBelow = (layer: number): DiveNode => {
    if (!stack) stack = buildLayerTree(layers[0].readsEmpty ? [] : layers[0].entries);
    while (stackTop < layer - 1) graft(stack, trees[++stackTop]);
    return stack;
  };
  trees.forEach((tree, layer) => {
    visitChildFirst(tree, (node, names) => {
      if (node.children.size > 0) return true;
      const path = nodePath(names);
      let data = byPath.get(path);
      if (!data) {
        data = { path, count: 0, cumulative: 0, min: -1 };
        byPath.set(path, data);
      }
      let size = node.size;
      if (node.name.startsWith(WHITEOUT)) {
        const previous = getNode(stackBelow(layer), path);
        if (!previous) return false;
        size = previous.isDir ? subtreeSize(previous) : 0;
      }
      data.cumulative += size;
      if (data.min < 0 || size < data.min) data.min = size;
      if (++data.count === 2) inefficient.push(data);
      return true;
    });
  });
  let minimum = 0;
  let discovered = 0;
  for (const data of byPath.values()) {
    minimum += data.min;
    discovered += data.cumulative;
  }
  // Dive sorts ascending (stable for these sizes) and prints the list reversed.
  const sorted = inefficient
    .map((data, order) => ({ data, order }))
    .sort((a, b) => a.data.cumulative - b.data.cumulative || a.order - b.order)
    .reverse()
    .map(({ data }) => ({ file: data.path, count: data.count, sizeBytes: data.cumulative }));
  return { score: discovered === 0 ? 1 : minimum / discovered, inefficient: sorted };
}
