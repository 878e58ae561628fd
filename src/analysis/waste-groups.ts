import type { WasteItem, WasteKind } from "./types.js";

/** Waste items of one cause (kind and layer pair, or junk rule) in one directory, or one file. */
export interface WasteGroup {
  /** The file's path when the group is one file, else the directory's, ending in `/` */
  path: string;
  kind: WasteKind;
  addedBy: number;
  removedBy?: number;
  rule?: string;
  bytes: number;
  files: number;
  /** The path of the group's largest file */
  largest: string;
}

/** A directory with this many subdirectories holding waste of one cause is one group (`doc/*`, `node_modules/*`). */
const FAN_OUT = 3;

interface Draft {
  dir: string;
  bytes: number;
  files: number;
  largest: WasteItem;
}

/**
 * The waste as its causes: items of the same kind and layer pair (junk: the same layer and rule) are grouped by
 * directory, and a directory where waste of one cause spreads over several subdirectories (`FAN_OUT` or more)
 * takes them in, so a thousand small files deleted together are one line beside the big single files. Largest
 * first; every item is in exactly one group.
 */
export function groupWaste(items: readonly WasteItem[]): WasteGroup[] {
  const causes = new Map<string, { sample: WasteItem; dirs: Map<string, Draft> }>();
  for (const item of items) {
    const key = `${item.kind}\0${item.addedBy}\0${item.removedBy ?? ""}\0${item.rule ?? ""}`;
    let cause = causes.get(key);
    if (!cause) causes.set(key, (cause = { sample: item, dirs: new Map() }));
    add(cause.dirs, item.path.slice(0, item.path.lastIndexOf("/") + 1), item.bytes, 1, item);
  }
  const groups: WasteGroup[] = [];
  for (const { sample, dirs } of causes.values()) {
    foldFanOuts(dirs);
    for (const draft of dirs.values()) {
      groups.push({
        path: draft.files === 1 ? draft.largest.path : draft.dir,
        kind: sample.kind,
        addedBy: sample.addedBy,
        ...(sample.removedBy !== undefined ? { removedBy: sample.removedBy } : {}),
        ...(sample.rule !== undefined ? { rule: sample.rule } : {}),
        bytes: draft.bytes,
        files: draft.files,
        largest: draft.largest.path,
      });
    }
  }
  return groups.sort((a, b) => b.bytes - a.bytes || (a.path < b.path ? -1 : a.path > b.path ? 1 : a.addedBy - b.addedBy));
}

function add(dirs: Map<string, Draft>, dir: string, bytes: number, files: number, largest: WasteItem): void {
  const draft = dirs.get(dir);
  if (!draft) {
    dirs.set(dir, { dir, bytes, files, largest });
    return;
  }
  draft.bytes += bytes;
  draft.files += files;
  if (largest.bytes > draft.largest.bytes) draft.largest = largest;
}

/**
 * Deepest first: the drafts under a directory move into it when they spread over FAN_OUT or more of its
 * subdirectories and none of those holds half their bytes (`/usr/share/doc/*`, `/data/small/d00…d99/…`); a
 * directory where one subdirectory dominates keeps its parts apart, so the big one stays named.
 */
function foldFanOuts(dirs: Map<string, Draft>): void {
  let deepest = 0;
  for (const dir of dirs.keys()) deepest = Math.max(deepest, depthOf(dir));
  for (let depth = deepest - 1; depth >= 0; depth--) {
    const under = new Map<string, { drafts: Draft[]; children: Map<string, number>; bytes: number }>();
    for (const draft of dirs.values()) {
      if (depthOf(draft.dir) <= depth) continue;
      const parent = ancestor(draft.dir, depth);
      let entry = under.get(parent);
      if (!entry) under.set(parent, (entry = { drafts: [], children: new Map(), bytes: 0 }));
      entry.drafts.push(draft);
      entry.bytes += draft.bytes;
      const child = ancestor(draft.dir, depth + 1);
      entry.children.set(child, (entry.children.get(child) ?? 0) + draft.bytes);
    }
    for (const [parent, { drafts, children, bytes }] of under) {
      if (children.size < FAN_OUT) continue;
      let largest = 0;
      for (const childBytes of children.values()) largest = Math.max(largest, childBytes);
      if (largest * 2 > bytes) continue;
      for (const draft of drafts) {
        dirs.delete(draft.dir);
        add(dirs, parent, draft.bytes, draft.files, draft.largest);
      }
    }
  }
}

/** `/var/lib/apt/lists/` → 4 */
function depthOf(dir: string): number {
  let depth = 0;
  for (let i = 1; i < dir.length; i++) if (dir.charCodeAt(i) === 47) depth++;
  return depth;
}

/** The directory `depth` levels down on the way to `dir`: (`/var/lib/apt/`, 1) → `/var/` */
function ancestor(dir: string, depth: number): string {
  let at = 0;
  for (let level = 0; level < depth; level++) at = dir.indexOf("/", at + 1);
  return dir.slice(0, at + 1);
}
