import type { FileNode } from "../tree/types.js";
import type { FileChange, TopList } from "./types.js";

/** path → size of every regular file and hardlink of a tree (not the paths its layer removed, which it keeps) */
function fileSizes(root: FileNode): Map<string, number> {
  const sizes = new Map<string, number>();
  const stack: FileNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.change === "removed") continue;
    if (node.type === "file" || node.type === "hardlink") sizes.set(node.path, node.size);
    if (node.children) for (const child of node.children) stack.push(child);
  }
  return sizes;
}

export interface FileChanges {
  added: TopList<FileChange>;
  removed: TopList<FileChange>;
  grown: TopList<FileChange>;
  shrunk: TopList<FileChange>;
}

/** The files added, removed, grown and shrunk between two final trees; each list keeps its `top` largest changes. */
export function compareFiles(base: FileNode | null, head: FileNode | null, top: number): FileChanges {
  const before = base ? fileSizes(base) : new Map<string, number>();
  const after = head ? fileSizes(head) : new Map<string, number>();
  const lists: Record<FileChange["kind"], FileChange[]> = { added: [], removed: [], grown: [], shrunk: [] };
  for (const [path, headBytes] of after) {
    const baseBytes = before.get(path);
    if (baseBytes === undefined) lists.added.push({ path, kind: "added", baseBytes: 0, headBytes, delta: headBytes });
    else if (headBytes > baseBytes) lists.grown.push({ path, kind: "grown", baseBytes, headBytes, delta: headBytes - baseBytes });
    else if (headBytes < baseBytes) lists.shrunk.push({ path, kind: "shrunk", baseBytes, headBytes, delta: headBytes - baseBytes });
  }
  for (const [path, baseBytes] of before) {
    if (!after.has(path)) lists.removed.push({ path, kind: "removed", baseBytes, headBytes: 0, delta: -baseBytes });
  }
  return {
    added: topList(lists.added, top),
    removed: topList(lists.removed, top),
    grown: topList(lists.grown, top),
    shrunk: topList(lists.shrunk, top),
  };
}

/** The `top` largest changes by |delta| (then by path), with the count and Σ|delta| of the whole list. */
export function topList<T extends { path: string }>(items: T[], top: number, size: (item: T) => number = deltaOf): TopList<T> {
  const sorted = [...items].sort((a, b) => size(b) - size(a) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { count: items.length, bytes: items.reduce((sum, item) => sum + size(item), 0), items: sorted.slice(0, top) };
}

function deltaOf(item: { path: string }): number {
  return "delta" in item && typeof item.delta === "number" ? Math.abs(item.delta) : 0;
}
