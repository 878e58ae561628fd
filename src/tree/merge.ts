import type { LayerEntry, NodeMeta, PathChange } from "./types.js";
import { ImageError } from "../errors.js";
import { printable } from "../text/escape.js";
import { FileRecords } from "./file-records.js";
import { NO_NODE, NodeTable } from "./node-table.js";
import { differs, implicitDir, ROOT_META } from "./node-meta.js";
import { ITEMS_PER_STEP, runSteps, sortSteps, type Steps } from "../steps/steps.js";
import { addedChange, byPath, modifiedChange, removedChange, type NodeChangeRecord } from "./path-changes.js";

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

/**
 * The merged tree of an image, built by applying layers bottom to top with OCI whiteout rules. Whiteouts and
 * opaque markers of a layer apply to the layers below it, before the layer's other entries. Its nodes are ids into
 * `nodes` (src/tree/node-table.ts); the readers below say what a node is.
 */
export class MergedTree {
  readonly nodes = new NodeTable();
  readonly root = this.nodes.add(NO_NODE, "", ROOT_META, -1, -1);
  readonly records = new FileRecords();
  private layer = -1;
  /**
   * Each path the current layer touched (tracking only), with the index of its state before the layer and its node
   * now in the two lists beside it (an object per path cost 40 bytes more on a layer of 1M paths)
   */
  private touched: Map<string, number> | null = null;
  private touchedBefore: Array<NodeMeta | null> = [];
  private touchedNow: number[] = [];
  private lastDirPath: string | null = null;
  private lastDir = NO_NODE;
  private impliedPathBytes = 0;
  /** Entries applied and nodes taken out since the last step: a whiteout may take out a directory of 100,000 */
  private work = 0;

  /** Applies one layer; with `track`, returns its changes against the tree below it, sorted by path. */
  applyLayer(layer: number, entries: LayerEntry[], track: boolean): PathChange[] | undefined {
    return runSteps(this.applyLayerSteps(layer, entries, track));
  }

  /** applyLayer in steps (one layer's steps run to their end before another layer's start). */
  *applyLayerSteps(layer: number, entries: LayerEntry[], track: boolean): Steps<PathChange[] | undefined> {
    this.layer = layer;
    // and a little more, for the directories entries imply: not one more node than reserved copies every array
    this.nodes.reserve(entries.length + (entries.length >> 6));
    this.records.reserve(entries.length);
    // on an empty tree every path the layer leaves is added: no need to note each path it touches on the way
    const onEmpty = track && this.nodes.firstChild[this.root] === NO_NODE;
    this.touched = track && !onEmpty ? new Map() : null;
    this.forgetLastDir();
    for (let i = 0; i < entries.length; i++) {
      if (++this.work >= ITEMS_PER_STEP) {
        this.work = 0;
        yield;
      }
      const path = entries[i].path;
      const slash = path.lastIndexOf("/");
      if (!path.startsWith(WHITEOUT, slash + 1)) continue;
      const dir = slash < 0 ? "" : path.slice(0, slash);
      const name = path.slice(slash + 1);
      if (name === OPAQUE) this.opaque(dir);
      else if (!name.startsWith(WHITEOUT_META)) this.remove(join(dir, name.slice(WHITEOUT.length)));
    }
    for (let i = 0; i < entries.length; i++) {
      if (++this.work >= ITEMS_PER_STEP) {
        this.work = 0;
        yield;
      }
      const entry = entries[i];
      if (entry.path === "" || entry.path.startsWith(WHITEOUT, entry.path.lastIndexOf("/") + 1)) {
        // a marker (or a root entry) that carries content ships bytes no path shows: count them as deleted at once
        if (entry.type === "file" && entry.size > 0) this.records.displacedBy[this.addRecord(i, entry.size)] = layer;
        continue;
      }
      this.add(entry, i);
    }
    const changes = onEmpty || track ? yield* sortSteps(yield* onEmpty ? this.allAdded() : this.collectChanges(), byPath) : undefined;
    this.touched = null;
    this.touchedBefore = [];
    this.touchedNow = [];
    return changes;
  }

  /** The node at a path relative to the root ("" for the root), or NO_NODE */
  nodeAt(path: string): number {
    return this.nodes.find(path);
  }

  metaOf(node: number): NodeMeta {
    return this.nodes.meta[node];
  }

  /** Layer that wrote the node, -1 for the root and implicit parents */
  layerOf(node: number): number {
    return this.nodes.layer[node];
  }

  /** Path relative to the root, "" for the root */
  pathOf(node: number): string {
    return this.nodes.path[node];
  }

  nameOf(node: number): string {
    const path = this.nodes.path[node];
    return path.slice(path.lastIndexOf("/") + 1);
  }

  /** NO_NODE for the root */
  parentOf(node: number): number {
    return this.nodes.parent[node];
  }

  isDir(node: number): boolean {
    return this.nodes.meta[node].type === "dir";
  }

  /** The child of a directory by name, or NO_NODE */
  childNamed(dir: number, name: string): number {
    return this.nodes.findChild(dir, name, 0);
  }

  /** Nodes in the tree, the root included */
  get size(): number {
    return this.nodes.size;
  }

  private remove(path: string): void {
    const node = this.nodes.find(path);
    if (node !== NO_NODE && node !== this.root) this.detach(node);
  }

  private opaque(dir: string): void {
    const node = this.nodes.find(dir);
    if (node === NO_NODE || !this.isDir(node)) return;
    const children: number[] = [];
    for (let child = this.nodes.firstChild[node]; child !== NO_NODE; child = this.nodes.next[child]) children.push(child);
    for (const child of children) this.detach(child);
  }

  private add(entry: LayerEntry, index: number): void {
    const slash = entry.path.lastIndexOf("/");
    const parent = this.ensureDir(slash < 0 ? "" : entry.path.slice(0, slash));
    const existing = this.nodes.findChild(parent, entry.path, slash + 1);
    if (existing !== NO_NODE) {
      const before = this.nodes.meta[existing];
      if (before.type === "dir" && entry.type === "dir") {
        this.remember(entry.path, before, existing);
        this.nodes.meta[existing] = entry;
        this.nodes.layer[existing] = this.layer;
        return;
      }
      this.detach(existing);
    }
    const meta = entry.type === "hardlink" ? this.resolveHardlink(entry) : entry;
    const record = entry.type === "file" ? this.addRecord(index, entry.size) : -1;
    const node = this.nodes.add(parent, entry.path, meta, this.layer, record);
    this.remember(entry.path, null, node);
  }

  /** A hardlink shares its target's inode: same content, mode and owner. A missing target leaves an empty file. */
  private resolveHardlink(entry: LayerEntry): NodeMeta {
    const target = this.nodes.find(entry.linkname);
    const meta = target === NO_NODE ? undefined : this.nodes.meta[target];
    if (meta && (meta.type === "file" || meta.type === "hardlink")) {
      // a spread copies own fields only: an entry's owner may be its prototype's (src/tar/plain-entry.ts)
      return { ...meta, uid: meta.uid, gid: meta.gid, type: "hardlink", linkname: entry.linkname };
    }
    return { ...entry, uid: entry.uid, gid: entry.gid, linkname: entry.linkname, size: 0 };
  }

  private addRecord(entry: number, size: number): number {
    return this.records.add(this.layer, entry, size);
  }

  /** The directory at `path`, creating missing parents (mode 0755, setgid inherited) and replacing non-dirs. */
  private ensureDir(path: string): number {
    if (path === this.lastDirPath) return this.lastDir;
    const found = this.nodes.find(path);
    const dir = found !== NO_NODE && this.isDir(found) ? found : this.makeDirs(path);
    this.lastDirPath = path;
    this.lastDir = dir;
    return dir;
  }

  /**
   * Makes the directories of a path that are missing: the deepest directory on the way is found going up, then
   * each level below it made (a non-directory in the way replaced), going down.
   */
  private makeDirs(path: string): number {
    const missing: number[] = [];
    let dir = this.root;
    for (let end = path.length; end > 0; end = Math.max(path.lastIndexOf("/", end - 1), 0)) {
      const found = end === path.length ? this.nodes.find(path) : this.nodes.find(path.slice(0, end));
      if (found !== NO_NODE && this.isDir(found)) {
        dir = found;
        break;
      }
      this.impliedPathBytes += end;
      if (this.impliedPathBytes > MAX_IMPLIED_PATH_BYTES) {
        throw new ImageError(
          `layer ${this.layer}: directories nested too deeply (the parents that /${printable(path.slice(0, 40))}… implies exceed ${MAX_IMPLIED_PATH_BYTES >> 20} MiB of path names)`,
        );
      }
      missing.push(end);
    }
    for (let i = missing.length - 1; i >= 0; i--) {
      const childPath = path.slice(0, missing[i]);
      const inTheWay = this.nodes.find(childPath);
      if (inTheWay !== NO_NODE) this.detach(inTheWay);
      const child = this.nodes.add(dir, childPath, implicitDir(this.nodes.meta[dir]), -1, -1);
      this.remember(childPath, null, child);
      dir = child;
    }
    return dir;
  }

  /** Takes a node and its subtree out of the tree: their records are displaced by the current layer. */
  private detach(node: number): void {
    const nodes = this.nodes;
    nodes.unlink(node);
    this.forgetLastDir();
    const stack = [node];
    while (stack.length > 0) {
      const current = stack.pop()!;
      this.work++;
      this.remember(nodes.path[current], nodes.meta[current], NO_NODE);
      nodes.forget(current);
      const record = nodes.record[current];
      if (record >= 0 && this.records.displacedBy[record] < 0) this.records.displacedBy[record] = this.layer;
      for (let child = nodes.firstChild[current]; child !== NO_NODE; child = nodes.next[child]) stack.push(child);
    }
  }

  private forgetLastDir(): void {
    this.lastDirPath = null;
    this.lastDir = NO_NODE;
  }

  /**
   * Notes a change at `path`: `meta` is what was there (null: nothing), kept from the first change of the layer;
   * `now` is the node there after it (NO_NODE: removed). Every way a node enters or leaves the tree comes here.
   */
  private remember(path: string, meta: NodeMeta | null, now: number): void {
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
  private *collectChanges(): Steps<NodeChangeRecord[]> {
    const changes: NodeChangeRecord[] = [];
    let count = 0;
    for (const [path, at] of this.touched!) {
      if (++count % ITEMS_PER_STEP === 0) yield;
      const before = this.touchedBefore[at];
      const now = this.touchedNow[at];
      const after = now === NO_NODE ? null : this.nodes.meta[now];
      if (!before && after) changes.push(addedChange(path, after));
      else if (before && !after) changes.push(removedChange(path, before));
      else if (before && after && differs(before, after)) {
        changes.push(modifiedChange(path, after));
      }
    }
    return changes;
  }

  /** The changes of a layer applied to an empty tree: each node of the tree now, added. */
  private *allAdded(): Steps<NodeChangeRecord[]> {
    const { firstChild, next, meta, path } = this.nodes;
    const changes: NodeChangeRecord[] = [];
    const stack = [this.root];
    while (stack.length > 0) {
      const dir = stack.pop()!;
      for (let child = firstChild[dir]; child !== NO_NODE; child = next[child]) {
        if (changes.length % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
        changes.push(addedChange(path[child], meta[child]));
        if (meta[child].type === "dir") stack.push(child);
      }
    }
    return changes;
  }
}

function join(dir: string, name: string): string {
  return dir === "" ? name : dir + "/" + name;
}
