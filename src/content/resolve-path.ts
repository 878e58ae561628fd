import { findNode } from "../tree/file-node.js";
import type { FileNode } from "../tree/types.js";

/** Symlinks followed while resolving one path, as Linux's own limit (ELOOP after 40). */
export const MAX_SYMLINKS = 40;

export type Resolved =
  | { kind: "found"; node: FileNode /** the absolute path after symlinks */; path: string }
  | { kind: "missing"; path: string; asked: string }
  | { kind: "not-dir"; path: string; asked: string }
  | { kind: "loop"; path: string; asked: string };

/**
 * Resolves an absolute path in a merged tree the way the kernel would inside the image's root: symlinks in the
 * directories on the way are followed (absolute targets from the image's root, `..` never above it), the last
 * component's too when `followLast` or when the path ends with `/`, which (as `.` and `..` after a name) asks for a
 * directory: `/etc/passwd/` is not found. Nothing outside the tree is ever looked at.
 */
export function resolvePath(root: FileNode, path: string, followLast: boolean): Resolved {
  const nodes: FileNode[] = [root];
  const names: string[] = [];
  let pending = split(path);
  const asked = "/" + pending.join("/");
  const wantsDir = path.endsWith("/") && pending.length > 0;
  let hops = 0;
  while (pending.length > 0) {
    const name = pending.shift()!;
    if ((name === "." || name === "..") && nodes[nodes.length - 1].type !== "dir") return { kind: "not-dir", path: "/" + names.join("/"), asked };
    if (name === ".") continue;
    if (name === "..") {
      if (nodes.length > 1) {
        nodes.pop();
        names.pop();
      }
      continue;
    }
    const dir = nodes[nodes.length - 1];
    const here = "/" + [...names, name].join("/");
    if (dir.type !== "dir") return { kind: "not-dir", path: "/" + names.join("/"), asked };
    const child = findNode(dir, name);
    if (!child) return { kind: "missing", path: here, asked };
    const last = pending.length === 0;
    if (child.type === "symlink" && (!last || followLast || wantsDir)) {
      if (++hops > MAX_SYMLINKS) return { kind: "loop", path: here, asked };
      if (child.linkname === "") return { kind: "missing", path: here, asked };
      if (child.linkname.startsWith("/")) {
        nodes.length = 1;
        names.length = 0;
      }
      pending = [...split(child.linkname), ...pending];
      continue;
    }
    nodes.push(child);
    names.push(name);
  }
  const found = nodes[nodes.length - 1];
  if (wantsDir && found.type !== "dir") return { kind: "not-dir", path: "/" + names.join("/"), asked };
  return { kind: "found", node: found, path: "/" + names.join("/") };
}

function split(path: string): string[] {
  return path.split("/").filter((part) => part !== "");
}
