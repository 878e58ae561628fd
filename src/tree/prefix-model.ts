import { MergedTree } from "./merge.js";
import { ReplayTreeModel } from "./model.js";
import type { FileNode, FinalNode, LayerContents, PathChange, TreeModel } from "./types.js";
import { runSteps, type Steps } from "../steps/steps.js";

/** The changes of the bottom layers found so far, shared by the models of one image (the longest run wins). */
export interface KnownChanges {
  changes: PathChange[][];
}

/**
 * The trees of the bottom layers of an image, before the others are read. Nothing is merged until a tree or a
 * change list is asked for; then the layers are merged once, their changes kept (and shared through `known`), and
 * the trees replayed as ReplayTreeModel does. A layer's changes depend only on the layers below it, so they are
 * those of the whole image (provided the files they compare were hashed: see hashShadowedFiles); changes another
 * model or the analysis found already are taken as they are.
 */
export class PrefixTreeModel implements TreeModel {
  private inner?: ReplayTreeModel;

  constructor(
    private readonly layers: LayerContents[],
    private readonly known: KnownChanges = { changes: [] },
  ) {}

  get layerCount(): number {
    return this.layers.length;
  }

  treeAt(n: number): FileNode {
    return this.model().treeAt(n);
  }

  *treeAtSteps(n: number): Steps<FileNode> {
    return yield* (this.inner ?? (yield* this.modelSteps())).treeAtSteps(n);
  }

  changesOf(n: number): PathChange[] {
    return this.model().changesOf(n);
  }

  finalNodes(prefix: string, visit: (node: FinalNode) => void): void {
    this.model().finalNodes(prefix, visit);
  }

  presentAtEnd(path: string): boolean {
    return this.model().presentAtEnd(path);
  }

  private model(): ReplayTreeModel {
    return this.inner ?? runSteps(this.modelSteps());
  }

  private *modelSteps(): Steps<ReplayTreeModel> {
    const count = this.layers.length;
    if (this.known.changes.length >= count) {
      this.inner = new ReplayTreeModel(this.layers, this.known.changes.slice(0, count));
    } else {
      const tree = new MergedTree();
      const changes: PathChange[][] = [];
      for (const [i, layer] of this.layers.entries()) changes.push((yield* tree.applyLayerSteps(i, layer.entries, true))!);
      // (other models or the analysis may have found more meanwhile)
      if (changes.length > this.known.changes.length) this.known.changes = changes;
      this.inner = new ReplayTreeModel(this.layers, changes, undefined, tree);
    }
    return this.inner;
  }
}
