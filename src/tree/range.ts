import type { EntryType } from "../tar/types.js";
import { walkTree } from "./file-node.js";
import type { ChangeKind, FileNode, TreeModel } from "./types.js";

/** A path the layers `from..to` changed, against the tree below `from`, as one change. */
interface RangeChange {
  path: string;
  kind: ChangeKind;
  type: EntryType;
  /** Bytes after the range (added/modified) or before it (removed) */
  size: number;
  node: FileNode;
}

export interface RangeTotals {
  added: number;
  modified: number;
  removed: number;
  /** Regular-file bytes: of the files added, modified (their size after), removed (their size before) */
  addedBytes: number;
  modifiedBytes: number;
  removedBytes: number;
  /** addedBytes + modifiedBytes: what a `COPY --from` of the range's result would carry */
  netBytes: number;
  /** Σ of the range's layers' file bytes: what the range stores */
  storedBytes: number;
}

export interface LayerRange {
  from: number;
  to: number;
  /** Sorted by path bytes */
  changes: RangeChange[];
  totals: RangeTotals;
}

/**
 * The net changes of layers `from..to` (inclusive): the tree after `to` against the tree before `from` (empty for
 * layer 0). A path written inside the range with the same type, mode, owner, link target, size and mtime it had
 * before is unchanged (as a layer's own changes count it when no hash tells otherwise); a path added and removed
 * inside the range is no change at all.
 */
export function rangeChanges(model: TreeModel, from: number, to: number, storedBytes: (layer: number) => number): LayerRange {
  const before = new Map<string, FileNode>();
  if (from > 0) walkTree(model.treeAt(from - 1), (node) => void (node.path !== "/" && before.set(node.path, node)));
  const changes: RangeChange[] = [];
  walkTree(model.treeAt(to), (node) => {
    if (node.path === "/") return;
    const old = before.get(node.path);
    before.delete(node.path);
    if (!old) changes.push(change(node, "added"));
    else if (node.layer >= from && differs(old, node)) changes.push(change(node, "modified"));
  });
  for (const node of before.values()) changes.push(change(node, "removed"));
  const keyed = changes.map((item) => [Buffer.from(item.path), item] as const).sort((a, b) => Buffer.compare(a[0], b[0]));
  const sorted = keyed.map(([, item]) => item);
  const totals: RangeTotals = { added: 0, modified: 0, removed: 0, addedBytes: 0, modifiedBytes: 0, removedBytes: 0, netBytes: 0, storedBytes: 0 };
  for (const item of sorted) {
    const bytes = item.type === "file" ? item.size : 0;
    totals[item.kind]++;
    totals[`${item.kind}Bytes`] += bytes;
  }
  totals.netBytes = totals.addedBytes + totals.modifiedBytes;
  for (let layer = from; layer <= to; layer++) totals.storedBytes += storedBytes(layer);
  return { from, to, changes: sorted, totals };
}

function change(node: FileNode, kind: ChangeKind): RangeChange {
  return { path: node.path, kind, type: node.type, size: node.type === "file" || node.type === "hardlink" ? node.size : 0, node };
}

function differs(a: FileNode, b: FileNode): boolean {
  if (a.type !== b.type || a.mode !== b.mode || a.uid !== b.uid || a.gid !== b.gid || a.linkname !== b.linkname) return true;
  return a.type !== "dir" && (a.size !== b.size || a.mtime !== b.mtime);
}
