import type { NodeMeta } from "./types.js";

/** The root's state: a directory owned by root, 0755 */
export const ROOT_META: NodeMeta = { type: "dir", mode: 0o755, uid: 0, gid: 0, size: 0, mtime: 0, linkname: "" };

/** A directory a deeper entry implies: 0755, its parent's setgid bit and group inherited */
export function implicitDir(parent: NodeMeta): NodeMeta {
  const setgid = (parent.mode & 0o2000) !== 0;
  return { ...ROOT_META, mode: setgid ? 0o2755 : 0o755, gid: setgid ? parent.gid : 0 };
}

/** A path is modified when its type, content, mode, owner or link target differ; file mtimes count (touch). */
export function differs(a: NodeMeta, b: NodeMeta): boolean {
  if (a.type !== b.type || a.mode !== b.mode || a.uid !== b.uid || a.gid !== b.gid || a.linkname !== b.linkname) {
    return true;
  }
  if (a.type === "dir") return false;
  if (a.size !== b.size || a.mtime !== b.mtime) return true;
  return a.hash !== undefined && b.hash !== undefined && a.hash !== b.hash;
}
