import type { MergedTree } from "../tree/merge.js";
import { NO_NODE } from "../tree/node-table.js";

const MAX_LINKS = 40;

/**
 * The node at an absolute or root-relative path of the merged tree, following symlinks in the directories on the
 * way (Debian's usrmerge: packages list `/bin/ls`, the tree holds `/usr/bin/ls` under a `/bin` symlink) but not
 * in the last component. `..` never climbs above the root, as inside a container. NO_NODE when missing.
 */
function lookupPath(tree: MergedTree, from: number, path: string, followLast = false, links = { count: 0 }): number {
  const parts = path.split("/").filter((part) => part !== "" && part !== ".");
  let node = from;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part === "..") {
      if (node !== tree.root) node = tree.parentOf(node);
      continue;
    }
    let child = tree.childNamed(node, part);
    if (child === NO_NODE) return NO_NODE;
    if (i < parts.length - 1 || followLast) {
      while (tree.metaOf(child).type === "symlink") {
        if (++links.count > MAX_LINKS) return NO_NODE;
        const target = tree.metaOf(child).linkname;
        const found = lookupPath(tree, target.startsWith("/") ? tree.root : node, target, false, links);
        if (found === NO_NODE) return NO_NODE;
        child = found;
      }
      if (!tree.isDir(child) && i < parts.length - 1) return NO_NODE;
    }
    node = child;
  }
  return node;
}

/**
 * lookupPath with the directories it resolved kept: the paths of a file list share a few hundred folders, so each
 * folder (and each symlink on the way to it) is resolved once per image.
 */
export class PathResolver {
  private readonly dirs = new Map<string, number>();

  constructor(readonly tree: MergedTree) {}

  /** The node at an absolute path, or NO_NODE */
  lookup(path: string): number {
    const slash = path.lastIndexOf("/");
    const dirPath = slash <= 0 ? "/" : path.slice(0, slash);
    let dir = this.dirs.get(dirPath);
    if (dir === undefined) {
      const found = dirPath === "/" ? this.tree.root : lookupPath(this.tree, this.tree.root, dirPath, true);
      dir = found !== NO_NODE && this.tree.isDir(found) ? found : NO_NODE;
      this.dirs.set(dirPath, dir);
    }
    if (dir === NO_NODE) return NO_NODE;
    const name = path.slice(slash + 1);
    if (name === "" || name === ".") return dir;
    if (name === "..") return lookupPath(this.tree, this.tree.root, path, true);
    return this.tree.childNamed(dir, name);
  }

  /** The absolute path of a node of the tree */
  pathOf(node: number): string {
    return "/" + this.tree.pathOf(node);
  }
}

/** Visits the regular files (and hardlinks) under a directory node; `skip` prunes a subdirectory by name. */
export function walkFiles(tree: MergedTree, dir: number, visit: (node: number) => void, skip?: (name: string) => boolean): void {
  const { firstChild, next } = tree.nodes;
  const stack = [dir];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!tree.isDir(node)) {
      const type = tree.metaOf(node).type;
      if (type === "file" || type === "hardlink") visit(node);
      continue;
    }
    for (let child = firstChild[node]; child !== NO_NODE; child = next[child]) {
      if (!(tree.isDir(child) && skip?.(tree.nameOf(child)))) stack.push(child);
    }
  }
}

/** Which package each final regular file belongs to: the first package to claim it keeps it. */
export class Ownership {
  /** Node → index of the package that owns it */
  readonly owner = new Map<number, number>();
  ownedBytes = 0;

  constructor(private readonly tree: MergedTree) {}

  /** Claims a node for a package; returns the bytes it adds (0 when taken before or not a regular file). */
  claim(node: number, pkg: number): { bytes: number; file: boolean } {
    const meta = this.tree.metaOf(node);
    if (this.owner.has(node) || (meta.type !== "file" && meta.type !== "hardlink")) return { bytes: 0, file: false };
    this.owner.set(node, pkg);
    // a hardlink ships no bytes of its own: its target's entry does (as in the image's byte split)
    const bytes = meta.type === "file" ? meta.size : 0;
    this.ownedBytes += bytes;
    return { bytes, file: meta.type === "file" };
  }

  has(node: number): boolean {
    return this.owner.has(node);
  }
}
