import type { TreeNode } from "../tree/merge.js";

const MAX_LINKS = 40;

/**
 * The node at an absolute or root-relative path of the merged tree, following symlinks in the directories on the
 * way (Debian's usrmerge: packages list `/bin/ls`, the tree holds `/usr/bin/ls` under a `/bin` symlink) but not
 * in the last component. `..` never climbs above the root, as inside a container. Undefined when missing.
 */
function lookupPath(root: TreeNode, path: string, followLast = false): TreeNode | undefined {
  const parts = path.split("/").filter((part) => part !== "" && part !== ".");
  let node: TreeNode = root;
  let links = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part === "..") {
      node = node.parent ?? root;
      continue;
    }
    let child = node.children?.get(part);
    if (!child) return undefined;
    if (i < parts.length - 1 || followLast) {
      while (child.meta.type === "symlink") {
        if (++links > MAX_LINKS) return undefined;
        const target: TreeNode | undefined = lookupPath(child.meta.linkname.startsWith("/") ? root : node, child.meta.linkname);
        if (!target) return undefined;
        child = target;
      }
      if (child.meta.type !== "dir" && i < parts.length - 1) return undefined;
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
  private readonly dirs = new Map<string, TreeNode | null>();
  private readonly paths = new Map<TreeNode, string>();

  constructor(private readonly root: TreeNode) {}

  lookup(path: string): TreeNode | undefined {
    const slash = path.lastIndexOf("/");
    const dirPath = slash <= 0 ? "/" : path.slice(0, slash);
    let dir = this.dirs.get(dirPath);
    if (dir === undefined) {
      const found = dirPath === "/" ? this.root : lookupPath(this.root, dirPath, true);
      dir = found && found.meta.type === "dir" ? found : null;
      this.dirs.set(dirPath, dir);
    }
    if (dir === null) return undefined;
    const name = path.slice(slash + 1);
    if (name === "" || name === ".") return dir;
    if (name === "..") return lookupPath(this.root, path, true);
    return dir.children?.get(name);
  }

  /** The absolute path of a node of the tree (its folders' paths are kept) */
  pathOf(node: TreeNode): string {
    if (!node.parent) return "/";
    let parentPath = this.paths.get(node.parent);
    if (parentPath === undefined) {
      parentPath = this.pathOf(node.parent);
      this.paths.set(node.parent, parentPath);
    }
    return parentPath === "/" ? `/${node.name}` : `${parentPath}/${node.name}`;
  }
}

/** Visits the regular files (and hardlinks) under a directory node; `skip` prunes a subdirectory by name. */
export function walkFiles(dir: TreeNode, visit: (node: TreeNode) => void, skip?: (name: string) => boolean): void {
  const stack: TreeNode[] = [dir];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!node.children) {
      if (node.meta.type === "file" || node.meta.type === "hardlink") visit(node);
      continue;
    }
    for (const child of node.children.values()) if (!(child.children && skip?.(child.name))) stack.push(child);
  }
}

/** Which package each final regular file belongs to: the first package to claim it keeps it. */
export class Ownership {
  /** Node → index of the package that owns it */
  readonly owner = new Map<TreeNode, number>();
  ownedBytes = 0;

  /** Claims a node for a package; returns the bytes it adds (0 when taken before or not a regular file). */
  claim(node: TreeNode, pkg: number): { bytes: number; file: boolean } {
    if (this.owner.has(node) || (node.meta.type !== "file" && node.meta.type !== "hardlink")) return { bytes: 0, file: false };
    this.owner.set(node, pkg);
    // a hardlink ships no bytes of its own: its target's entry does (as in the image's byte split)
    const bytes = node.meta.type === "file" ? node.meta.size : 0;
    this.ownedBytes += bytes;
    return { bytes, file: node.meta.type === "file" };
  }

  has(node: TreeNode): boolean {
    return this.owner.has(node);
  }
}
