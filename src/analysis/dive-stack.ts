import type { DiveLayer } from "./dive-layer.js";
import { ITEMS_PER_STEP, type Steps } from "../steps/steps.js";

const WHITEOUT = ".wh.";
const DOUBLE_WHITEOUT = ".wh..wh.";

/** The layers below the one Dive's walk is in, as its whiteouts see them: what a whiteout stood for, and its size. */
export interface DiveStack {
  /**
   * What the whiteout of `name` in directory `dir` ("" for the root) stands for, sized as Dive sizes it: a
   * directory's whole subtree, anything else 0. Undefined when nothing is there (Dive then stops walking the layer).
   * An empty name stands for the directory itself (Dive skips empty names).
   */
  whiteoutSize(dir: string, name: string): number | undefined;
}

/** The stack while it is one layer's tree (no layer grafted on it yet): looked up in that tree's arrays. */
export class SingleLayerStack implements DiveStack {
  constructor(readonly layer: DiveLayer) {}

  whiteoutSize(dir: string, name: string): number | undefined {
    const path = name === "" ? dir : dir === "" ? name : dir + "/" + name;
    // the root is a size-0 non-directory in Dive's tree
    if (path === "") return 0;
    const at = this.layer.find(path);
    if (at < 0) return undefined;
    return this.layer.dirs[at] ? this.layer.subtreeSize(at) : 0;
  }
}

interface StackNode {
  children: Map<string, StackNode> | null;
  isDir: boolean;
  size: number;
}

const newNode = (): StackNode => ({ children: null, isDir: false, size: 0 });

/** The stack once a layer is grafted on it: Dive's Stack, a tree of nodes that whiteouts prune. */
export class GraftedStack implements DiveStack {
  private readonly root = newNode();

  /** The stack of one layer's tree, to graft the next ones on */
  constructor(bottom: DiveLayer) {
    for (let i = 0; i < bottom.length; i++) this.addPath(bottom.paths[i].split("/"), bottom.dirs[i] === 1, bottom.sizes[i]);
  }

  whiteoutSize(dir: string, name: string): number | undefined {
    const node = this.find(dir === "" ? [] : dir.split("/"), name);
    if (!node) return undefined;
    return node.isDir ? subtreeSize(node) : 0;
  }

  /** Dive's Stack of a layer on this one, its tree walked children first, each directory's names sorted. */
  *graft(upper: DiveLayer): Steps<void> {
    // the walk's order lists a node before what it holds: a node is grafted once its subtree is
    const open: number[] = [];
    for (let i = 0; i <= upper.length; i++) {
      if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
      while (open.length > 0 && (i === upper.length || upper.ends[open[open.length - 1]] <= i)) this.graftNode(upper, open.pop()!);
      if (i < upper.length) open.push(i);
    }
  }

  private graftNode(upper: DiveLayer, i: number): void {
    const names = upper.paths[i].split("/");
    const name = names[names.length - 1];
    if (!name.startsWith(WHITEOUT)) {
      this.addPath(names, upper.dirs[i] === 1, upper.sizes[i]);
      return;
    }
    const parent = this.find(names.slice(0, -1), "");
    parent?.children?.delete(name.slice(WHITEOUT.length));
  }

  /** Dive's AddPath: a missing parent becomes a size-0 non-directory; an existing node keeps its children. */
  private addPath(names: string[], isDir: boolean, size: number): void {
    let node = this.root;
    for (const name of names) {
      let child = node.children?.get(name);
      if (!child) {
        if (name.startsWith(DOUBLE_WHITEOUT)) return;
        child = newNode();
        (node.children ??= new Map()).set(name, child);
      }
      node = child;
    }
    node.isDir = isDir;
    node.size = size;
  }

  /** Dive's GetNode of the directory `dirNames` then `last` (an empty name is skipped, as Dive does). */
  private find(dirNames: string[], last: string): StackNode | undefined {
    let node: StackNode | undefined = this.root;
    for (const name of dirNames) {
      node = node.children?.get(name);
      if (!node) return undefined;
    }
    return last === "" ? node : node.children?.get(last);
  }
}

function subtreeSize(root: StackNode): number {
  let total = 0;
  const pending: StackNode[] = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    total += node.size;
    if (node.children) for (const child of node.children.values()) pending.push(child);
  }
  return total;
}
