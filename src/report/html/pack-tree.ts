import { NodeKind, type NodeKindCode, type PackedNode } from "./page-data.js";

/** A leaf without its name: [bytes, layer, kind, (no children), extra] */
export type LeafFields = [bytes: number, layer: number, kind: NodeKindCode, children?: undefined, extra?: number];

/** Nesting kept in the data; deeper files hang from the directory at this depth by their relative path. */
export const MAX_DEPTH = 48;
/** Leaves kept one by one; past this, the smallest files are grouped per directory (keeps big images' pages small). */
const MAX_LEAVES = 150_000;

/** A directory being built from paths, before it is packed. */
export interface DirDraft {
  dirs: Map<string, DirDraft>;
  files: PackedNode[];
}

export function newDir(): DirDraft {
  return { dirs: new Map(), files: [] };
}

/**
 * Adds a leaf under `root` at `path` (absolute, `/`-separated). Parts past MAX_DEPTH stay joined in the leaf's
 * name, so a hostile 100 KB path cannot nest the data (or the JSON reader) thousands of levels deep.
 */
export function addLeaf(root: DirDraft, path: string, leaf: LeafFields): void {
  const parts = path.split("/").filter((part) => part !== "");
  if (parts.length === 0) return;
  let dir = root;
  const depth = Math.min(parts.length - 1, MAX_DEPTH);
  for (let i = 0; i < depth; i++) {
    let next = dir.dirs.get(parts[i]);
    if (!next) {
      next = newDir();
      dir.dirs.set(parts[i], next);
    }
    dir = next;
  }
  dir.files.push([parts.slice(depth).join("/"), ...leaf] as PackedNode);
}

/** Packs a draft into a directory block named `name` (iteratively: drafts are at most MAX_DEPTH deep anyway). */
export function packDir(name: string, draft: DirDraft): PackedNode {
  const children: PackedNode[] = [];
  const names = [...draft.dirs.keys()].sort();
  for (const child of names) children.push(packDir(child, draft.dirs.get(child)!));
  children.push(...draft.files);
  return [name, 0, -1, NodeKind.dir, children];
}

/** Counts the leaves (files and groups) under `root`. */
export function countLeaves(root: PackedNode): number {
  let count = 0;
  const stack: PackedNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const children = node[4];
    if (Array.isArray(children)) stack.push(...children);
    else count++;
  }
  return count;
}

/**
 * When the tree holds more than `maxLeaves` files, groups the files smaller than the size of the
 * `maxLeaves`-th largest into one "N files" block per directory. Returns that size (0 when nothing was grouped).
 */
export function groupSmallFiles(root: PackedNode, maxLeaves = MAX_LEAVES): number {
  const sizes: number[] = [];
  forEachBlock(root, (node) => {
    if (!Array.isArray(node[4])) sizes.push(node[1]);
  });
  if (sizes.length <= maxLeaves) return 0;
  sizes.sort((a, b) => b - a);
  const threshold = Math.max(1, sizes[maxLeaves - 1]);
  forEachBlock(root, (node) => {
    const children = node[4];
    if (!Array.isArray(children)) return;
    const small = children.filter((child) => !Array.isArray(child[4]) && child[3] !== NodeKind.group && child[1] < threshold);
    if (small.length < 2) return;
    const kept = children.filter((child) => !small.includes(child));
    const bytes = small.reduce((sum, child) => sum + child[1], 0);
    kept.push([`${small.length} files`, bytes, -1, NodeKind.group, small.length]);
    node[4] = kept;
  });
  return threshold;
}

/**
 * Merges chains of single-directory directories ("usr" → "lib" → "x86_64-linux-gnu") into one block. A tree's
 * root "/" merges too ("/var"): a directory block whose name starts with "/" is where paths start.
 */
export function compressChains(root: PackedNode): void {
  forEachBlock(root, (node) => {
    const children = node[4];
    if (!Array.isArray(children)) return;
    for (let i = 0; i < children.length; i++) {
      let child = children[i];
      while (child[3] === NodeKind.dir && Array.isArray(child[4]) && child[4].length === 1) {
        const only = child[4][0];
        if (only[3] !== NodeKind.dir) break;
        child = [child[0] === "/" ? `/${only[0]}` : `${child[0]}/${only[0]}`, 0, -1, NodeKind.dir, only[4]];
      }
      children[i] = child;
    }
  });
}

/** Drops empty directories and zero-byte leaves, which have no area in a treemap. Returns the block's bytes. */
export function pruneEmpty(node: PackedNode): number {
  const children = node[4];
  if (!Array.isArray(children)) return node[1];
  const kept: PackedNode[] = [];
  let total = 0;
  for (const child of children) {
    const bytes = pruneEmpty(child);
    if (bytes > 0) {
      kept.push(child);
      total += bytes;
    }
  }
  node[4] = kept;
  return total;
}

function forEachBlock(root: PackedNode, visit: (node: PackedNode) => void): void {
  const stack: PackedNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    visit(node);
    const children = node[4];
    if (Array.isArray(children)) for (const child of children) stack.push(child);
  }
}
