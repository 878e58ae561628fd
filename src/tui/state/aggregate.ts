import type { ChangeKind, PathChange } from "../../tree/types.js";
import type { FileNode, TreeModel } from "../../tree/types.js";
import { withChildren } from "../../tree/file-node.js";

/** The tree the file pane shows, with the change mark of each node. */
export interface ShownTree {
  root: FileNode;
  changeOf(node: FileNode): ChangeKind | undefined;
}

export function layerView(root: FileNode): ShownTree {
  return { root, changeOf: (node) => node.change };
}

/**
 * The changes of layers 1..n combined, a path's latest change winning; layer 0 is the base, so at n = 0 these are
 * layer 0's own changes.
 */
export function aggregateChanges(model: TreeModel, n: number): Map<string, PathChange> {
  const combined = new Map<string, PathChange>();
  for (let i = n === 0 ? 0 : 1; i <= n; i++) for (const change of model.changesOf(i)) combined.set(change.path, change);
  return combined;
}

/**
 * The aggregated view at layer n: the merged tree after layer n, marked with the combined changes, plus the
 * removed paths no longer in that tree (grafted back, marked removed) so that removals of earlier layers show.
 * Unchanged subtrees are shared with `root`; nothing is mutated.
 */
export function aggregatedView(root: FileNode, combined: Map<string, PathChange>): ShownTree {
  const marks = new Map<string, ChangeKind>();
  for (const [path, change] of combined) marks.set(path, change.kind);
  const trie: Trie = { kids: new Map() };
  for (const change of combined.values()) {
    if (change.kind !== "removed") continue;
    let at = trie;
    for (const part of change.path.split("/").filter(Boolean)) {
      let next = at.kids.get(part);
      if (!next) at.kids.set(part, (next = { kids: new Map() }));
      at = next;
    }
    at.change = change;
  }
  const grafted = trie.kids.size > 0 ? graft(root, trie, marks) : root;
  return { root: grafted, changeOf: (node) => marks.get(node.path) };
}

interface Trie {
  change?: PathChange;
  kids: Map<string, Trie>;
}

function graft(node: FileNode, trie: Trie, marks: Map<string, ChangeKind>): FileNode {
  const children = [...(node.children ?? [])];
  const index = new Map(children.map((kid, i) => [kid.name, i]));
  let added = false;
  for (const [name, sub] of trie.kids) {
    const at = index.get(name);
    if (at !== undefined) {
      if (sub.kids.size > 0 && children[at].type === "dir") children[at] = graft(children[at], sub, marks);
    } else {
      children.push(synthesize(node.path, name, sub, marks));
      added = true;
    }
  }
  if (added) children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return withChildren(node, children);
}

function synthesize(parentPath: string, name: string, trie: Trie, marks: Map<string, ChangeKind>): FileNode {
  const path = parentPath === "/" ? `/${name}` : `${parentPath}/${name}`;
  marks.set(path, "removed");
  const kids = [...trie.kids].map(([kidName, sub]) => synthesize(path, kidName, sub, marks));
  kids.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const type = trie.change?.type ?? "dir";
  const size = trie.change?.size ?? 0;
  const meta = trie.change?.meta;
  return {
    name,
    path,
    type,
    mode: meta?.mode ?? 0,
    uid: meta?.uid ?? 0,
    gid: meta?.gid ?? 0,
    size: type === "dir" ? 0 : size,
    mtime: 0,
    linkname: meta?.linkname ?? "",
    layer: -1,
    totalSize:
      type === "dir"
        ? Math.max(
            size,
            kids.reduce((sum, kid) => sum + kid.totalSize, 0),
          )
        : size,
    children: type === "dir" ? kids : undefined,
    change: "removed",
  };
}
