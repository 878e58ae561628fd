import type { PathChange } from "./types.js";
import { findNode, toFileNodeSteps, walkTree } from "./file-node.js";
import { runSteps, type Steps } from "../steps/steps.js";
import { MergedTree } from "./merge.js";
import { NO_NODE } from "./node-table.js";
import type { FileNode, FinalNode, LayerContents, LayerEntry, TreeModel } from "./types.js";

/**
 * Rebuilds the tree at a layer by replaying the layers up to it; keeps the last few trees asked for. The merged
 * tree of all layers, when the analysis hands it over, serves the top layer once without a replay.
 */
export class ReplayTreeModel implements TreeModel {
  private readonly cache = new Map<number, FileNode>();

  constructor(
    private readonly layers: LayerContents[],
    private readonly changes: PathChange[][],
    private readonly cacheSize = 3,
    private finalTree?: MergedTree,
  ) {}

  get layerCount(): number {
    return this.layers.length;
  }

  changesOf(n: number): PathChange[] {
    this.check(n);
    return this.changes[n];
  }

  entriesOf(n: number): readonly LayerEntry[] {
    this.check(n);
    return this.layers[n].entries;
  }

  treeAt(n: number): FileNode {
    return runSteps(this.treeAtSteps(n));
  }

  *treeAtSteps(n: number): Steps<FileNode> {
    this.check(n);
    const cached = this.cache.get(n);
    if (cached) {
      this.cache.delete(n);
      this.cache.set(n, cached);
      return cached;
    }
    let tree = this.finalTree;
    if (!tree || n !== this.layers.length - 1) {
      tree = new MergedTree();
      for (let i = 0; i <= n; i++) yield* tree.applyLayerSteps(i, this.layers[i].entries, false);
    }
    const root = yield* toFileNodeSteps(tree, this.changes[n]);
    // (steps left unfinished leave the model as it was)
    if (tree === this.finalTree) this.finalTree = undefined;
    this.cache.set(n, root);
    if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
    return root;
  }

  /** From the merged tree the analysis handed over while it is held, else from the top layer's FileNodes. */
  finalNodes(prefix: string, visit: (node: FinalNode) => void): void {
    if (this.layers.length === 0) return;
    if (!this.finalTree) {
      const root = this.treeAt(this.layers.length - 1);
      walkTree(root, (node) => node !== root && node.path.startsWith(prefix) && visit(node));
      return;
    }
    const tree = this.finalTree;
    const { firstChild, next, meta, path, layer } = tree.nodes;
    const start = tree.nodeAt(prefix.slice(1, -1));
    if (start === NO_NODE || !tree.isDir(start)) return;
    const seen: FinalNode = { path: "", type: "dir", layer: -1, size: 0 };
    const stack = [start];
    while (stack.length > 0) {
      const dir = stack.pop()!;
      for (let child = firstChild[dir]; child !== NO_NODE; child = next[child]) {
        const type = meta[child].type;
        seen.path = "/" + path[child];
        seen.type = type;
        seen.layer = layer[child];
        seen.size = type === "file" || type === "hardlink" ? meta[child].size : 0;
        visit(seen);
        if (type === "dir") stack.push(child);
      }
    }
  }

  presentAtEnd(path: string): boolean {
    if (this.layers.length === 0) return false;
    if (this.finalTree) return this.finalTree.nodeAt(path.replace(/^\/+/, "")) !== NO_NODE;
    return findNode(this.treeAt(this.layers.length - 1), path) !== undefined;
  }

  private check(n: number): void {
    if (!Number.isInteger(n) || n < 0 || n >= this.layers.length) {
      throw new RangeError(`layer ${n} does not exist (the image has layers 0 to ${this.layers.length - 1})`);
    }
  }
}
