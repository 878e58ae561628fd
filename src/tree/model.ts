import type { PathChange } from "./types.js";
import { toFileNodes } from "./file-node.js";
import { MergedTree } from "./merge.js";
import type { FileNode, LayerContents, TreeModel } from "./types.js";

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

  treeAt(n: number): FileNode {
    this.check(n);
    const cached = this.cache.get(n);
    if (cached) {
      this.cache.delete(n);
      this.cache.set(n, cached);
      return cached;
    }
    let tree = this.finalTree;
    if (tree && n === this.layers.length - 1) {
      this.finalTree = undefined;
    } else {
      tree = new MergedTree();
      for (let i = 0; i <= n; i++) tree.applyLayer(i, this.layers[i].entries, false);
    }
    const root = toFileNodes(tree.root, this.changes[n]);
    this.cache.set(n, root);
    if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
    return root;
  }

  private check(n: number): void {
    if (!Number.isInteger(n) || n < 0 || n >= this.layers.length) {
      throw new RangeError(`layer ${n} does not exist (the image has layers 0 to ${this.layers.length - 1})`);
    }
  }
}
