import { ImageError } from "../sources/types.js";
import type { MemberContent } from "../sources/content.js";
import { printable } from "../tar/path.js";
import { findNode } from "../tree/file-node.js";
import type { FileNode, LayerEntry, TreeModel } from "../tree/types.js";

/** Where the bytes of a regular file (or of a hardlink's target) lie: one member of one layer's tar. */
export interface FileContent extends MemberContent {
  layer: number;
  /** The path asked for, absolute (the member's own path may be a hardlink target's) */
  shownAs: string;
  /** sha256 of the content, when the scan or the cache computed it */
  hash?: string;
}

const MAX_HARDLINK_HOPS = 40;

/**
 * Finds the member that holds the bytes of a file of the tree at some layer: the last entry at its path in the layer that
 * last wrote it; for a hardlink, its target as the tree held it when the link was written (earlier in the same layer,
 * else the tree below). A hardlink whose target is missing is an empty file, as the merged tree shows it.
 */
export class ContentLocator {
  /** Per layer read so far: each path's last file or hardlink entry */
  private readonly indexes = new Map<number, Map<string, number>>();

  constructor(private readonly tree: TreeModel) {}

  locate(node: FileNode): FileContent | undefined {
    if (node.type !== "file" && node.type !== "hardlink") return undefined;
    return locateContent(this.tree, node, (layer, entries, path, before) => this.lastIndexAt(layer, entries, path, before));
  }

  private lastIndexAt(layer: number, entries: readonly LayerEntry[], path: string, before: number): number {
    let index = this.indexes.get(layer);
    if (!index) {
      index = new Map();
      entries.forEach((entry, i) => (entry.type === "file" || entry.type === "hardlink") && index!.set(entry.path, i));
      this.indexes.set(layer, index);
    }
    const last = index.get(path) ?? -1;
    // a hardlink's target written before the link, when the same path is written again after it: rare, scanned
    return last < before ? last : scanBack(entries, path, before);
  }
}

type IndexOf = (layer: number, entries: readonly LayerEntry[], path: string, before: number) => number;

function locateContent(tree: TreeModel, node: FileNode, lastIndexAt: IndexOf): FileContent {
  if (!tree.entriesOf) throw new Error("this tree model cannot tell where file contents lie");
  let layer = node.layer;
  let path = node.path.slice(1);
  let limit = Number.MAX_SAFE_INTEGER;
  for (let hops = 0; hops <= MAX_HARDLINK_HOPS; hops++) {
    const entries = tree.entriesOf(layer);
    const index = lastIndexAt(layer, entries, path, limit);
    if (index < 0) {
      if (hops === 0) throw new ImageError(`/${printable(path)}: not found in layer ${layer}'s entries`);
      // a hardlink whose target an earlier layer wrote
      const below = layer > 0 ? findNode(tree.treeAt(layer - 1), "/" + path) : undefined;
      if (!below || (below.type !== "file" && below.type !== "hardlink")) return emptyContent(node);
      layer = below.layer;
      limit = Number.MAX_SAFE_INTEGER;
      continue;
    }
    const entry = entries[index];
    if (entry.type === "file") {
      return { layer, path: entry.path, dataOffset: entry.dataOffset, size: entry.size, shownAs: node.path, ...(entry.hash ? { hash: entry.hash } : {}) };
    }
    path = entry.linkname;
    limit = index;
  }
  throw new ImageError(`${printable(node.path)}: hardlinks chained more than ${MAX_HARDLINK_HOPS} deep`);
}

function scanBack(entries: readonly LayerEntry[], path: string, before: number): number {
  for (let i = Math.min(before, entries.length) - 1; i >= 0; i--) {
    const entry = entries[i];
    if (entry.path === path && (entry.type === "file" || entry.type === "hardlink")) return i;
  }
  return -1;
}

function emptyContent(node: FileNode): FileContent {
  return { layer: node.layer, path: node.path.slice(1), dataOffset: -1, size: 0, shownAs: node.path };
}
