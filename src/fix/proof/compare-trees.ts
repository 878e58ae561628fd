import { walkTree } from "../../tree/file-node.js";
import type { FileNode } from "../../tree/types.js";

/** What the behaviour check compares of a path: not its modification time. */
interface PathState {
  type: string;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  link: string;
}

export interface TreeChange {
  path: string;
  kind: "removed" | "added" | "changed";
  /** Regular-file bytes before (removed, changed) or after (added) */
  bytes: number;
  /** For `changed`: what differs (size, mode, owner, type, link) */
  what?: string;
}

function states(root: FileNode | null): Map<string, PathState> {
  const map = new Map<string, PathState>();
  if (!root) return map;
  walkTree(root, (node) => {
    if (node === root) return;
    map.set(node.path, { type: node.type, size: node.size, mode: node.mode & 0o7777, uid: node.uid, gid: node.gid, link: node.linkname ?? "" });
  });
  return map;
}

/**
 * The two final trees compared path by path: every path only before, only after, or with another type, size,
 * mode, owner or link target. Modification times are not compared (every build writes its own).
 */
export function compareTrees(before: FileNode | null, after: FileNode | null): { compared: number; changes: TreeChange[] } {
  const a = states(before);
  const b = states(after);
  const changes: TreeChange[] = [];
  for (const [path, old] of a) {
    const now = b.get(path);
    if (!now) {
      changes.push({ path, kind: "removed", bytes: old.size });
      continue;
    }
    const what = [
      old.type !== now.type && "type",
      old.size !== now.size && "size",
      old.mode !== now.mode && "mode",
      (old.uid !== now.uid || old.gid !== now.gid) && "owner",
      old.link !== now.link && "link",
    ].filter((x): x is string => typeof x === "string");
    if (what.length > 0) changes.push({ path, kind: "changed", bytes: old.size, what: what.join(", ") });
  }
  for (const [path, now] of b) if (!a.has(path)) changes.push({ path, kind: "added", bytes: now.size });
  changes.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  return { compared: new Set([...a.keys(), ...b.keys()]).size, changes };
}
