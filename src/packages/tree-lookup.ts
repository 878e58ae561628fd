import type { TreeNode } from "../tree/merge.js";

const MAX_LINKS = 40;

/**
 * The node at an absolute or root-relative path of the merged tree, following symlinks in the directories on the
 * way (Debian's usrmerge: packages list `/bin/ls`, the tree holds `/usr/bin/ls` under a `/bin` symlink) but not
 * in the last component. `..` never climbs above the root, as inside a container. Undefined when missing.
 */
export function lookupPath(root: TreeNode, path: string): TreeNode | undefined {
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
    if (i < parts.length - 1) {
      while (child.meta.type === "symlink") {
        if (++links > MAX_LINKS) return undefined;
        const target: TreeNode | undefined = lookupPath(child.meta.linkname.startsWith("/") ? root : node, child.meta.linkname);
        if (!target) return undefined;
        child = target;
      }
      if (child.meta.type !== "dir") return undefined;
    }
    node = child;
  }
  return node;
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
