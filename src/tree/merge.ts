import type { LayerEntry, NodeMeta, PathChange } from "./types.js";
import { ImageError } from "../errors.js";
import { printable } from "../text/escape.js";
import { FileRecords } from "./file-records.js";
import { ITEMS_PER_STEP, runSteps, sortSteps, type Steps } from "../steps/steps.js";
import { addedChange, byPath, modifiedChange, removedChange, type NodeChangeRecord } from "./path-changes.js";

export class TreeNode {
  children: Map<string, TreeNode> | null = null;
  constructor(
    public name: string,
    public parent: TreeNode | null,
    public meta: NodeMeta,
    /** Layer that wrote it, -1 for the root and implicit parents */
    public layer: number,
    /** Id of the file record whose bytes this node shows, -1 for anything but a regular file */
    public record: number,
  ) {
    if (meta.type === "dir") this.children = new Map();
  }
}

const WHITEOUT = ".wh.";
const OPAQUE = ".wh..wh..opq";
const WHITEOUT_META = ".wh..wh.";
/**
 * Σ of the path lengths of the directories the tree creates because a deeper entry implies them. A path is a
 * prefix of the entry's, so one entry n levels deep implies n paths of up to its length: without a bound, an
 * 80 KB tar of one 16,000-level path costs ~256M characters of paths, kept and printed. Real layers list their
 * directories; what they imply stays far below this.
 */
const MAX_IMPLIED_PATH_BYTES = 64 << 20;

const ROOT_META: NodeMeta = { type: "dir", mode: 0o755, uid: 0, gid: 0, size: 0, mtime: 0, linkname: "" };

/**
 * The merged tree of an image, built by applying layers bottom to top with OCI whiteout rules. Whiteouts and
 * opaque markers of a layer apply to the layers below it, before the layer's other entries.
 */
export class MergedTree {
  readonly root = new TreeNode("", null, ROOT_META, -1, -1);
  readonly records = new FileRecords();
  private layer = -1;
  /**
   * Each path the current layer touched (tracking only), with the index of its state before the layer and its node
   * now in the two lists beside it (an object per path cost 40 bytes more on a layer of 1M paths)
   */
  private touched: Map<string, number> | null = null;
  private touchedBefore: Array<NodeMeta | null> = [];
  private touchedNow: Array<TreeNode | null> = [];
  private lastDirPath: string | null = null;
  private lastDir: TreeNode | null = null;
  private impliedPathBytes = 0;

  /** Applies one layer; with `track`, returns its changes against the tree below it, sorted by path. */
  applyLayer(layer: number, entries: LayerEntry[], track: boolean): PathChange[] | undefined {
    return runSteps(this.applyLayerSteps(layer, entries, track));
  }

  /** applyLayer in steps (one layer's steps run to their end before another layer's start). */
  *applyLayerSteps(layer: number, entries: LayerEntry[], track: boolean): Steps<PathChange[] | undefined> {
    this.layer = layer;
    // on an empty tree every path the layer leaves is added: no need to note each path it touches on the way
    const onEmpty = track && this.root.children!.size === 0;
    this.touched = track && !onEmpty ? new Map() : null;
    this.lastDirPath = this.lastDir = null;
    for (let i = 0; i < entries.length; i++) {
      if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
      const path = entries[i].path;
      const slash = path.lastIndexOf("/");
      if (!path.startsWith(WHITEOUT, slash + 1)) continue;
      const dir = slash < 0 ? "" : path.slice(0, slash);
      const name = path.slice(slash + 1);
      if (name === OPAQUE) this.opaque(dir);
      else if (!name.startsWith(WHITEOUT_META)) this.remove(join(dir, name.slice(WHITEOUT.length)));
    }
    for (let i = 0; i < entries.length; i++) {
      if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
      const entry = entries[i];
      if (entry.path === "" || entry.path.startsWith(WHITEOUT, entry.path.lastIndexOf("/") + 1)) {
        // a marker (or a root entry) that carries content ships bytes no path shows: count them as deleted at once
        if (entry.type === "file" && entry.size > 0) this.records.displacedBy[this.addRecord(i, entry.size)] = layer;
        continue;
      }
      this.add(entry, i);
    }
    const changes = onEmpty || track ? yield* sortSteps(onEmpty ? this.allAdded() : this.collectChanges(), byPath) : undefined;
    this.touched = null;
    this.touchedBefore = [];
    this.touchedNow = [];
    return changes;
  }

  find(path: string): TreeNode | undefined {
    if (path === "") return this.root;
    let node: TreeNode | undefined = this.root;
    let start = 0;
    while (node) {
      const slash = path.indexOf("/", start);
      const name = slash < 0 ? path.slice(start) : path.slice(start, slash);
      node = node.children?.get(name);
      if (slash < 0) return node;
      start = slash + 1;
    }
    return undefined;
  }

  private remove(path: string): void {
    const node = this.find(path);
    if (node && node !== this.root) this.detach(node, path);
  }

  private opaque(dir: string): void {
    const node = this.find(dir);
    if (!node?.children) return;
    for (const child of [...node.children.values()]) this.detach(child, join(dir, child.name));
  }

  private add(entry: LayerEntry, index: number): void {
    const slash = entry.path.lastIndexOf("/");
    const parent = this.ensureDir(slash < 0 ? "" : entry.path.slice(0, slash));
    const name = entry.path.slice(slash + 1);
    const existing = parent.children!.get(name);
    if (existing) {
      if (existing.meta.type === "dir" && entry.type === "dir") {
        this.remember(entry.path, existing.meta, existing);
        existing.meta = entry;
        existing.layer = this.layer;
        return;
      }
      this.detach(existing, entry.path);
    }
    const meta = entry.type === "hardlink" ? this.resolveHardlink(entry) : entry;
    const record = entry.type === "file" ? this.addRecord(index, entry.size) : -1;
    const node = new TreeNode(name, parent, meta, this.layer, record);
    parent.children!.set(name, node);
    this.remember(entry.path, null, node);
  }

  /** A hardlink shares its target's inode: same content, mode and owner. A missing target leaves an empty file. */
  private resolveHardlink(entry: LayerEntry): NodeMeta {
    const target = this.find(entry.linkname);
    if (target && (target.meta.type === "file" || target.meta.type === "hardlink")) {
      // a spread copies own fields only: an entry's owner may be its prototype's (src/tar/plain-entry.ts)
      return { ...target.meta, uid: target.meta.uid, gid: target.meta.gid, type: "hardlink", linkname: entry.linkname };
    }
    return { ...entry, uid: entry.uid, gid: entry.gid, linkname: entry.linkname, size: 0 };
  }

  private addRecord(entry: number, size: number): number {
    return this.records.add(this.layer, entry, size);
  }

  /** The directory at `path`, creating missing parents (mode 0755, setgid inherited) and replacing non-dirs. */
  private ensureDir(path: string): TreeNode {
    if (path === this.lastDirPath && this.lastDir) return this.lastDir;
    let node = this.root;
    let start = 0;
    while (start < path.length) {
      const slash = path.indexOf("/", start);
      const end = slash < 0 ? path.length : slash;
      const name = path.slice(start, end);
      let child = node.children!.get(name);
      if (!child || child.meta.type !== "dir") {
        const childPath = path.slice(0, end);
        if (child) this.detach(child, childPath);
        this.impliedPathBytes += end;
        if (this.impliedPathBytes > MAX_IMPLIED_PATH_BYTES) {
          throw new ImageError(
            `layer ${this.layer}: directories nested too deeply (the parents that /${printable(path.slice(0, 40))}… implies exceed ${MAX_IMPLIED_PATH_BYTES >> 20} MiB of path names)`,
          );
        }
        child = new TreeNode(name, node, implicitDir(node.meta), -1, -1);
        node.children!.set(name, child);
        this.remember(childPath, null, child);
      }
      node = child;
      start = end + 1;
    }
    this.lastDirPath = path;
    this.lastDir = node;
    return node;
  }

  /** Takes a node and its subtree out of the tree: their records are displaced by the current layer. */
  private detach(node: TreeNode, path: string): void {
    node.parent!.children!.delete(node.name);
    this.lastDirPath = this.lastDir = null;
    const stack: Array<[TreeNode, string]> = [[node, path]];
    while (stack.length > 0) {
      const [current, currentPath] = stack.pop()!;
      this.remember(currentPath, current.meta, null);
      if (current.record >= 0 && this.records.displacedBy[current.record] < 0) {
        this.records.displacedBy[current.record] = this.layer;
      }
      // flat: a `+` would leave a cons string the sort of the changes flattens into a second copy
      if (current.children) for (const child of current.children.values()) stack.push([child, [currentPath, "/", child.name].join("")]);
    }
  }

  /**
   * Notes a change at `path`: `meta` is what was there (null: nothing), kept from the first change of the layer;
   * `now` is the node there after it (null: removed). Every way a node enters or leaves the tree comes here.
   */
  private remember(path: string, meta: NodeMeta | null, now: TreeNode | null): void {
    if (!this.touched) return;
    const seen = this.touched.get(path);
    if (seen !== undefined) this.touchedNow[seen] = now;
    else {
      this.touched.set(path, this.touchedNow.length);
      this.touchedBefore.push(meta);
      this.touchedNow.push(now);
    }
  }

  /** The changes of the layer, in no order */
  private collectChanges(): NodeChangeRecord[] {
    const changes: NodeChangeRecord[] = [];
    for (const [path, at] of this.touched!) {
      const before = this.touchedBefore[at];
      const after = this.touchedNow[at]?.meta ?? null;
      if (!before && after) changes.push(addedChange(path, after));
      else if (before && !after) changes.push(removedChange(path, before));
      else if (before && after && differs(before, after)) {
        changes.push(modifiedChange(path, after));
      }
    }
    return changes;
  }

  /** The changes of a layer applied to an empty tree: each node of the tree now, added. */
  private allAdded(): NodeChangeRecord[] {
    const changes: NodeChangeRecord[] = [];
    const stack: Array<[TreeNode, string]> = [[this.root, ""]];
    while (stack.length > 0) {
      const [dir, prefix] = stack.pop()!;
      for (const child of dir.children!.values()) {
        const path = pathOf(child, prefix);
        changes.push(addedChange(path, child.meta));
        if (child.children) stack.push([child, path + "/"]);
      }
    }
    return changes;
  }
}

/** A node's relative path: its entry's own string where the node is an entry's (no copy), else made. */
function pathOf(node: TreeNode, prefix: string): string {
  const entryPath = (node.meta as Partial<LayerEntry>).path;
  if (entryPath !== undefined && entryPath.length === prefix.length + node.name.length && entryPath.endsWith(node.name) && entryPath.startsWith(prefix)) {
    return entryPath;
  }
  return [prefix, node.name].join("");
}

function join(dir: string, name: string): string {
  return dir === "" ? name : dir + "/" + name;
}

function implicitDir(parent: NodeMeta): NodeMeta {
  const setgid = (parent.mode & 0o2000) !== 0;
  return { ...ROOT_META, mode: setgid ? 0o2755 : 0o755, gid: setgid ? parent.gid : 0 };
}

/** A path is modified when its type, content, mode, owner or link target differ; file mtimes count (touch). */
function differs(a: NodeMeta, b: NodeMeta): boolean {
  if (a.type !== b.type || a.mode !== b.mode || a.uid !== b.uid || a.gid !== b.gid || a.linkname !== b.linkname) {
    return true;
  }
  if (a.type === "dir") return false;
  if (a.size !== b.size || a.mtime !== b.mtime) return true;
  return a.hash !== undefined && b.hash !== undefined && a.hash !== b.hash;
}
