import type { EntryType, TarEntry } from "../tar/types.js";
import type { Steps } from "../steps/steps.js";

export type ChangeKind = "added" | "modified" | "removed";

/** What a merged tree's node is: a layer entry, or a synthetic one (root, implicit parent, resolved hardlink). Never mutated. */
export type NodeMeta = Pick<LayerEntry, "type" | "mode" | "uid" | "gid" | "size" | "mtime" | "linkname" | "hash">;

/** A per-path change made by one layer, against the tree below it. */
export interface PathChange {
  path: string;
  kind: ChangeKind;
  type: EntryType;
  /** Bytes of the file after the change (added/modified) or before it (removed) */
  size: number;
  /** Mode, owner and link target after the change (added/modified) or before it (removed): the tar entry's own */
  meta: Pick<TarEntry, "mode" | "uid" | "gid" | "linkname">;
}

/** A node of the merged tree, as the UI and `ls` see it. */
export interface FileNode extends Pick<TarEntry, "type" | "mode" | "uid" | "gid" | "mtime" | "linkname"> {
  name: string;
  /** Absolute path, `/` for the root */
  path: string;
  /** Regular files and hardlinks: content bytes; others 0 */
  size: number;
  /** Layer that last wrote this node; -1 for the root and implicit parents no layer wrote */
  layer: number;
  /** Directories: Σ of the regular-file bytes below; others: size */
  totalSize: number;
  /** Directories only, sorted bytewise by name */
  children?: FileNode[];
  /** The change the layer this tree was built for made to this path (removed paths stay in the tree) */
  change?: ChangeKind;
}

/** Access to the merged tree at any layer, without holding one tree per layer. */
export interface TreeModel {
  layerCount: number;
  /** The merged tree after layer `n`, marked with layer n's changes; paths it removed are kept, marked removed. */
  treeAt(n: number): FileNode;
  /** treeAt in steps (optional: a model without it builds its trees at once) */
  treeAtSteps?(n: number): Steps<FileNode>;
  /** The changes layer `n` made, against the tree below it, sorted by path */
  changesOf(n: number): PathChange[];
  /**
   * Each node present after the last layer whose absolute path starts with `prefix` (which ends in "/"), in no
   * particular order, without building the FileNodes of `treeAt` (the hints' look at the final tree). Optional: a
   * model without it is walked through `treeAt`.
   */
  finalNodes?(prefix: string, visit: (node: FinalNode) => void): void;
  /** Whether an absolute path is present after the last layer (optional, as `finalNodes`). */
  presentAtEnd?(path: string): boolean;
  /** The entries of layer `n`'s tar, in tar order (optional: where a file's bytes lie, for src/content) */
  entriesOf?(n: number): readonly LayerEntry[];
}

/** What `TreeModel.finalNodes` tells of a node; valid during the call only (the object may be reused). */
export interface FinalNode {
  path: string;
  type: EntryType;
  /** Layer that last wrote it, -1 for implicit parents */
  layer: number;
  /** Regular files and hardlinks: content bytes; others 0 */
  size: number;
}

/** A tar entry of one layer, with the sha256 of its content when it was needed and computed. */
export interface LayerEntry extends TarEntry {
  hash?: string;
  /** The content, kept by the scan for the few small files that are read (package databases: src/packages/capture.ts) */
  content?: Buffer;
  /** The file should have been kept but was over its size cap (or the layer's), so its content is unknown */
  contentOverCap?: boolean;
}

/** What one layer's tar holds, in tar order (whiteout markers included). */
export interface LayerContents {
  entries: LayerEntry[];
}
