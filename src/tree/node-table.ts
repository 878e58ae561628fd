import type { NodeMeta } from "./types.js";

/** No node: the parent of the root, the end of a list of children, a path not in the tree. */
export const NO_NODE = -1;

/**
 * The nodes of a merged tree as numbers in typed arrays, found by their path through a hash table of node ids (no
 * object, name string or map slot a node): about 56 bytes a node instead of about 130. A node's id is its index;
 * ids are never reused, so a node taken out of the tree keeps its fields but can no longer be found. Children are
 * kept in the order they were added, in a list linked both ways.
 */
export class NodeTable {
  count = 0;
  parent = new Int32Array(INITIAL);
  firstChild = new Int32Array(INITIAL);
  lastChild = new Int32Array(INITIAL);
  next = new Int32Array(INITIAL);
  previous = new Int32Array(INITIAL);
  /** Layer that wrote the node, -1 for the root and implicit parents */
  layer = new Int32Array(INITIAL);
  /** Id of the file record whose bytes the node shows, -1 for anything but a regular file */
  record = new Int32Array(INITIAL);
  private hash = new Int32Array(INITIAL);
  /** What the node is: a layer's entry mostly, shared with its list */
  readonly meta: NodeMeta[] = [];
  /** Path relative to the root ("" for the root): a layer entry's own string wherever the node is an entry's */
  readonly path: string[] = [];
  /** Open addressing, linear probing: id + 1 of a findable node, 0 for a free slot; at most half full */
  private slots = new Int32Array(INITIAL * 2);
  private findable = 0;
  private readonly seed = (Math.random() * 0x7fffffff) | 0;

  /** Nodes that can be found: the nodes in the tree */
  get size(): number {
    return this.findable;
  }

  /**
   * Makes room for `more` nodes at once (a layer's entries): a layer of a million entries grows the arrays once, not
   * twenty times, and to its size, not to the next power of two. An eighth more than now, at least, so that many
   * small layers copy the arrays a few times only.
   */
  reserve(more: number): void {
    const needed = this.count + more;
    if (needed > this.parent.length) this.resize(Math.max(needed, this.count + (this.count >> 3)));
  }

  /** Adds a node as the last child of `parent` (NO_NODE for the root) and makes it findable; returns its id. */
  add(parent: number, path: string, meta: NodeMeta, layer: number, record: number): number {
    if (this.count === this.parent.length) this.resize(this.count + (this.count >> 3) + INITIAL);
    const id = this.count++;
    this.parent[id] = parent;
    this.firstChild[id] = this.lastChild[id] = this.next[id] = NO_NODE;
    this.layer[id] = layer;
    this.record[id] = record;
    this.meta.push(meta);
    this.path.push(path);
    if (parent !== NO_NODE) {
      const last = this.lastChild[parent];
      this.previous[id] = last;
      if (last === NO_NODE) this.firstChild[parent] = id;
      else this.next[last] = id;
      this.lastChild[parent] = id;
    } else this.previous[id] = NO_NODE;
    this.hash[id] = parent === NO_NODE ? this.hashOf(path) : this.extended(parent, path, path.lastIndexOf("/") + 1);
    this.insert(id);
    return id;
  }

  /** The node at a path, or NO_NODE */
  find(path: string): number {
    const mask = this.slots.length - 1;
    for (let slot = mixed(this.hashOf(path)) & mask; ; slot = (slot + 1) & mask) {
      const held = this.slots[slot];
      if (held === 0) return NO_NODE;
      if (this.path[held - 1] === path) return held - 1;
    }
  }

  /**
   * The child of `parent` named `text` from `from` on: `text` is either the child's whole path (`from` where its
   * name starts) or its bare name (`from` 0). Only the name is hashed, from the parent's hash, and no string made.
   */
  findChild(parent: number, text: string, from: number): number {
    const hash = this.extended(parent, text, from);
    const parentPath = this.path[parent];
    const length = (parentPath === "" ? 0 : parentPath.length + 1) + text.length - from;
    const mask = this.slots.length - 1;
    for (let slot = mixed(hash) & mask; ; slot = (slot + 1) & mask) {
      const held = this.slots[slot];
      if (held === 0) return NO_NODE;
      const id = held - 1;
      if (this.hash[id] !== hash || this.parent[id] !== parent) continue;
      const path = this.path[id];
      if (path.length === length && (from === 0 ? path.endsWith(text) : path === text)) return id;
    }
  }

  /** Takes a node out of its parent's children; it and the nodes below it stay findable until `forget`. */
  unlink(id: number): void {
    const parent = this.parent[id];
    const before = this.previous[id];
    const after = this.next[id];
    if (before === NO_NODE) this.firstChild[parent] = after;
    else this.next[before] = after;
    if (after === NO_NODE) this.lastChild[parent] = before;
    else this.previous[after] = before;
  }

  /** Makes a node unfindable by its path (its slot freed by shifting back the slots after it). */
  forget(id: number): void {
    const mask = this.slots.length - 1;
    let slot = mixed(this.hash[id]) & mask;
    while (this.slots[slot] !== id + 1) slot = (slot + 1) & mask;
    let free = slot;
    for (let at = (free + 1) & mask; this.slots[at] !== 0; at = (at + 1) & mask) {
      const home = mixed(this.hash[this.slots[at] - 1]) & mask;
      // the entry at `at` may move back to `free` unless its home lies after `free`, up to `at` (cyclically)
      const stays = free <= at ? free < home && home <= at : free < home || home <= at;
      if (stays) continue;
      this.slots[free] = this.slots[at];
      free = at;
    }
    this.slots[free] = 0;
    this.findable--;
  }

  private insert(id: number): void {
    if (++this.findable * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    const mask = this.slots.length - 1;
    let slot = mixed(this.hash[id]) & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = id + 1;
  }

  private rehash(size: number): void {
    const old = this.slots;
    this.slots = new Int32Array(size);
    const mask = size - 1;
    for (const held of old) {
      if (held === 0) continue;
      let slot = mixed(this.hash[held - 1]) & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = held;
    }
  }

  /**
   * FNV-1a over the path's UTF-16 code units, from a seed of the process (a tar cannot be made to collide on
   * purpose). Kept unmixed, so that a child's hash goes on from its parent's over "/" and its name alone.
   */
  private hashOf(path: string): number {
    return fnv(this.seed ^ 0x811c9dc5, path, 0);
  }

  /** The hash of the path of `parent`'s child named `text` from `from` on */
  private extended(parent: number, text: string, from: number): number {
    const hash = this.path[parent] === "" ? this.hash[parent] : Math.imul(this.hash[parent] ^ SLASH, FNV_PRIME);
    return fnv(hash, text, from);
  }

  private resize(size: number): void {
    this.parent = grown(this.parent, size);
    this.firstChild = grown(this.firstChild, size);
    this.lastChild = grown(this.lastChild, size);
    this.next = grown(this.next, size);
    this.previous = grown(this.previous, size);
    this.layer = grown(this.layer, size);
    this.record = grown(this.record, size);
    this.hash = grown(this.hash, size);
  }
}

const INITIAL = 256;
const FNV_PRIME = 0x01000193;
const SLASH = 0x2f;

function fnv(start: number, text: string, from: number): number {
  let hash = start;
  for (let i = from; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  return hash;
}

/** Spreads FNV's high bits into the low ones a slot's index takes */
const mixed = (hash: number): number => hash ^ (hash >>> 15);

function grown(from: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const to = new Int32Array(size);
  to.set(from);
  return to;
}
