import type { ChangeKind, NodeMeta, PathChange } from "./types.js";
import { findSorted } from "./sorted-find.js";
import type { EntryType } from "../tar/types.js";
import type { MergedTree } from "./merge.js";
import { NO_NODE } from "./node-table.js";
import type { FileNode } from "./types.js";
import { ITEMS_PER_STEP, runSteps, type Steps } from "../steps/steps.js";

/** Converts the merged tree into FileNodes marked with one layer's changes; removed paths come back as ghosts. */
export function toFileNodes(tree: MergedTree, changes: PathChange[]): FileNode {
  return runSteps(toFileNodeSteps(tree, changes));
}

/** toFileNodes in steps */
export function* toFileNodeSteps(tree: MergedTree, changes: PathChange[]): Steps<FileNode> {
  const top = yield* convert(tree);
  yield* markChanges(top, changes);
  insertGhosts(top, changes);
  yield;
  yield* sumSizes(top);
  return top;
}

/** Depth first with an explicit stack: an image may nest directories deeper than the call stack allows. */
function* convert(tree: MergedTree): Steps<FileNode> {
  const { firstChild, next } = tree.nodes;
  const top = fileNodeOf(tree, tree.root);
  const stack: Array<[number, FileNode]> = [[tree.root, top]];
  let converted = 0;
  while (stack.length > 0) {
    const [node, out] = stack.pop()!;
    if (!tree.isDir(node)) continue;
    const children: FileNode[] = [];
    const names: string[] = [];
    for (let child = firstChild[node]; child !== NO_NODE; child = next[child]) {
      const made = fileNodeOf(tree, child);
      stack.push([child, made]);
      children.push(made);
      names.push(tree.nameOf(child));
    }
    const order = names.map((_, i) => i).sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0));
    out.children = order.map((i) => children[i]);
    converted += children.length;
    if (converted >= ITEMS_PER_STEP) {
      converted = 0;
      yield;
    }
  }
  return top;
}

function fileNodeOf(tree: MergedTree, node: number): FileNode {
  return new MergedFileNode(tree.pathOf(node), tree.metaOf(node), tree.layerOf(node));
}

/**
 * A FileNode of the merged tree that holds no string and copies no field of the node's state: its path and name
 * are made from the merged tree's relative path (the tar entry's own string, mostly) when read, its type, mode,
 * owner, size, time and link target read from the state (the tar entry, mostly). An object of 6 fields instead of
 * 13 and two strings: about 130 bytes less a path in each tree the UI holds (1M paths: 208 → about 80 MB). Only a
 * spread or `Object.keys` tells it from a plain FileNode: `withChildren` copies one.
 */
class MergedFileNode implements FileNode {
  totalSize = 0;
  children?: FileNode[] = undefined;
  change?: ChangeKind = undefined;

  constructor(
    /** The path without its leading "/" */
    private readonly relativePath: string,
    private readonly meta: NodeMeta,
    readonly layer: number,
  ) {}

  get path(): string {
    return "/" + this.relativePath;
  }

  get name(): string {
    return this.relativePath.slice(this.relativePath.lastIndexOf("/") + 1);
  }

  get type(): EntryType {
    return this.meta.type;
  }

  get mode(): number {
    return this.meta.mode;
  }

  get uid(): number {
    return this.meta.uid;
  }

  get gid(): number {
    return this.meta.gid;
  }

  get size(): number {
    return this.meta.type === "file" || this.meta.type === "hardlink" ? this.meta.size : 0;
  }

  get mtime(): number {
    return this.meta.mtime;
  }

  get linkname(): string {
    return this.meta.linkname;
  }

  /** What `JSON.stringify` writes: a plain FileNode's fields */
  toJSON(): FileNode {
    return withChildren(this, this.children);
  }
}

/** A plain copy of a node with other children (a spread would miss the fields a MergedFileNode reads from its state) */
export function withChildren(node: FileNode, children: FileNode[] | undefined): FileNode {
  const copy: FileNode = {
    name: node.name,
    path: node.path,
    type: node.type,
    mode: node.mode,
    uid: node.uid,
    gid: node.gid,
    size: node.size,
    mtime: node.mtime,
    linkname: node.linkname,
    layer: node.layer,
    totalSize: node.totalSize,
  };
  if (children !== undefined) copy.children = children;
  if (node.change !== undefined) copy.change = node.change;
  return copy;
}

/**
 * Marks the nodes the layer added or modified, found by walking down from the root: a layer changes few of an
 * image's paths, and a lookup of every node's path in a map of the changes cost more than the conversion.
 */
function* markChanges(root: FileNode, changes: PathChange[]): Steps<void> {
  for (let i = 0; i < changes.length; i++) {
    if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
    const change = changes[i];
    if (change.kind === "removed") continue;
    const node = findPresent(root, change.path);
    if (node) node.change = change.kind;
  }
}

/**
 * Puts the removed paths back as ghosts under their parents. Ghosts are gathered per parent and merged into its
 * sorted children once: inserting them one by one cost O(n²) for a layer that removes a directory of n entries.
 * Parents are found by walking down the sorted children, not through a map of every path: most layers remove
 * few paths, and that map cost as much as the conversion itself.
 */
function insertGhosts(root: FileNode, changes: PathChange[]): void {
  const removed = changes.filter((change) => change.kind === "removed");
  if (removed.length === 0) return;
  // changes come sorted by path: a removed directory precedes its removed children, whose parent is its ghost
  const ghosts = new Map<string, FileNode>();
  const pending = new Map<FileNode, FileNode[]>();
  for (const change of removed) {
    // (a change record makes its path when read: once here)
    const path = change.path;
    const slash = path.lastIndexOf("/");
    const parentPath = slash === 0 ? "/" : path.slice(0, slash);
    const parent = ghosts.get(parentPath) ?? findPresent(root, parentPath);
    if (!parent) continue;
    const ghost = ghostOf(change, path, path.slice(slash + 1));
    ghosts.set(ghost.path, ghost);
    const list = pending.get(parent);
    if (list) list.push(ghost);
    else pending.set(parent, [ghost]);
  }
  for (const [parent, list] of pending) parent.children = mergeByName(parent.children ?? [], list);
}

/** The node at an absolute path among the converted (sorted, ghost-free) children, or undefined. */
function findPresent(root: FileNode, path: string): FileNode | undefined {
  let node: FileNode | undefined = root;
  let start = 1;
  while (node && start < path.length) {
    const slash = path.indexOf("/", start);
    const name = slash < 0 ? path.slice(start) : path.slice(start, slash);
    node = node.children ? byName(node.children, name) : undefined;
    start = slash < 0 ? path.length : slash + 1;
  }
  return node;
}

function byName(children: FileNode[], name: string): FileNode | undefined {
  return findSorted(children, name, (child) => child.name);
}

function ghostOf(change: PathChange, path: string, name: string): FileNode {
  const ghost: FileNode = {
    name,
    path,
    type: change.type,
    mode: change.meta.mode,
    uid: change.meta.uid,
    gid: change.meta.gid,
    size: change.type === "file" || change.type === "hardlink" ? change.size : 0,
    mtime: 0,
    linkname: change.meta.linkname,
    layer: -1,
    totalSize: 0,
    change: "removed",
  };
  if (change.type === "dir") ghost.children = [];
  return ghost;
}

/** Both lists sorted by name; a ghost goes after a present child of the same name. */
function mergeByName(present: FileNode[], ghosts: FileNode[]): FileNode[] {
  ghosts.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: FileNode[] = [];
  let i = 0;
  for (const ghost of ghosts) {
    while (i < present.length && present[i].name <= ghost.name) out.push(present[i++]);
    out.push(ghost);
  }
  while (i < present.length) out.push(present[i++]);
  return out;
}

/** Directory totals count regular files once (hardlinks add nothing); removed ghosts count only inside ghosts. */
function* sumSizes(root: FileNode): Steps<void> {
  // parents before children in `order`, so walking it backwards sums every child before its parent
  const order: FileNode[] = [];
  const stack: FileNode[] = [root];
  while (stack.length > 0) {
    if (order.length % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
    const node = stack.pop()!;
    order.push(node);
    if (node.children) for (const child of node.children) stack.push(child);
  }
  for (let i = order.length - 1; i >= 0; i--) {
    if (i % ITEMS_PER_STEP === 0) yield;
    const node = order[i];
    if (!node.children) {
      node.totalSize = node.type === "file" ? node.size : 0;
      continue;
    }
    let total = 0;
    for (const child of node.children) if (child.change !== "removed" || node.change === "removed") total += child.totalSize;
    node.totalSize = total;
  }
}

/** Visits every node of a tree that exists in it, depth first (`treeAt` keeps the paths its layer removed). */
export function walkTree(root: FileNode, visit: (node: FileNode) => void): void {
  const stack: FileNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.change === "removed") continue;
    visit(node);
    if (node.children) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
}

/** The node at an absolute path, or undefined (also for a path the tree's layer removed). */
export function findNode(root: FileNode, path: string): FileNode | undefined {
  let node: FileNode | undefined = root;
  for (const name of path.split("/")) {
    if (name === "") continue;
    node = node?.children ? firstNamed(node.children, name) : undefined;
    if (!node || node.change === "removed") return undefined;
  }
  return node;
}

/** The first child of that name: children are sorted by name, a removed ghost after a present namesake. */
function firstNamed(children: FileNode[], name: string): FileNode | undefined {
  let low = 0;
  let high = children.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (children[mid].name < name) low = mid + 1;
    else high = mid;
  }
  return low < children.length && children[low].name === name ? children[low] : undefined;
}
