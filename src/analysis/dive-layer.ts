import type { LayerEntry } from "../tree/types.js";
import { ITEMS_PER_STEP, runSteps, sortSteps, type Steps } from "../steps/steps.js";

const SLASH = 47;
const DOUBLE_WHITEOUT = ".wh..wh.";

/**
 * Orders paths as a walk of a tree with each directory's names sorted (by UTF-16 code units) visits them: a name
 * before its longer names, a directory before what it holds, and what a directory holds before a sibling whose
 * name extends the directory's ("a/b" before "a-"): "/" orders below every other character.
 */
export function compareTreePaths(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return x === SLASH ? -1 : y === SLASH ? 1 : x - y;
  }
  return a.length - b.length;
}

/** The index of `path` in a list sorted by `compare` (compareTreePaths unless told), -1 when it is not there. */
export function findSorted(sorted: readonly string[], path: string, compare: (a: string, b: string) => number = compareTreePaths): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const order = compare(sorted[middle], path);
    if (order === 0) return middle;
    if (order < 0) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/**
 * One layer's tree as Dive builds it (its AddPath: a missing parent is a size-0 non-directory, a later entry of
 * the same path sets its kind and size, and no node is named `.wh..wh.*`), held as arrays in the order Dive's walk
 * visits it: node i's subtree is nodes i up to `ends[i]`. No object per node: on a layer of a million paths, about
 * 30 bytes a node instead of about 130 for a node object, its name and its slot in its parent's map.
 */
export class DiveLayer {
  private constructor(
    /** Each node's path (without a leading "/"): the entry's own string, or a prefix of it for an implied parent */
    readonly paths: string[],
    readonly sizes: Float64Array,
    readonly dirs: Uint8Array,
    readonly ends: Int32Array,
  ) {}

  get length(): number {
    return this.paths.length;
  }

  static of(entries: readonly LayerEntry[]): DiveLayer {
    return runSteps(DiveLayer.ofSteps(entries));
  }

  /** DiveLayer.of in steps (the sort of a layer not in walk order is one step) */
  static *ofSteps(entries: readonly LayerEntry[]): Steps<DiveLayer> {
    // an entry, or the path of the parents an entry under a `.wh..wh.*` name still makes (Dive's AddPath makes a
    // path's missing parents until it meets such a name, then gives up on the rest)
    const items: Array<LayerEntry | string> = [];
    for (let i = 0; i < entries.length; i++) {
      if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
      const path = entries[i].path;
      if (path === "") continue;
      const refused = firstRefusedName(path);
      if (refused < 0) items.push(entries[i]);
      else if (refused > 0) items.push(path.slice(0, refused - 1));
    }
    // stable: of the entries of one path, the last in the tar comes last and wins (a tar written by walking the
    // directories in name order, as Go's and most others are, is in this order already, and is not sorted again)
    let sorted = true;
    for (let i = 1; i < items.length && sorted; i++) {
      if (i % ITEMS_PER_STEP === 0) yield;
      sorted = compareTreePaths(pathOf(items[i - 1]), pathOf(items[i])) <= 0;
    }
    if (!sorted) yield* sortSteps(items, (a, b) => compareTreePaths(pathOf(a), pathOf(b)));
    const builder = new LayerBuilder(items.length);
    for (let i = 0; i < items.length; i++) {
      if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
      const item = items[i];
      if (typeof item === "string") builder.ensure(item);
      else builder.add(item.path, item.type === "dir", item.size);
    }
    const { paths, sizes, dirs, ends } = builder.finish();
    return new DiveLayer(paths, sizes, dirs, ends);
  }

  /** Whether node i holds other nodes (Dive's walk counts only the nodes that hold none). */
  hasChildren(i: number): boolean {
    return this.ends[i] > i + 1;
  }

  /** The index of the node at `path`, -1 when there is none. */
  find(path: string): number {
    return findSorted(this.paths, path);
  }

  /** Σ of the sizes of node i and every node below it */
  subtreeSize(i: number): number {
    let total = 0;
    for (let j = i; j < this.ends[i]; j++) total += this.sizes[j];
    return total;
  }
}

/** Appends nodes in walk order, implied parents included, and closes each subtree as the walk leaves it. */
class LayerBuilder {
  private readonly paths: string[] = [];
  private sizes: Float64Array;
  private dirs: Uint8Array;
  private ends: Int32Array;
  /** The nodes whose subtrees are still open, outermost first */
  private readonly open: number[] = [];

  constructor(expected: number) {
    const capacity = expected + (expected >> 3) + 16;
    this.sizes = new Float64Array(capacity);
    this.dirs = new Uint8Array(capacity);
    this.ends = new Int32Array(capacity);
  }

  add(path: string, isDir: boolean, size: number): void {
    if (this.isLast(path)) this.set(this.paths.length - 1, isDir, size);
    else {
      this.openParentsOf(path);
      this.push(path, isDir, size);
    }
  }

  /** The node at `path` made, as an implied parent, unless it is there */
  ensure(path: string): void {
    if (this.isLast(path)) return;
    this.openParentsOf(path);
    this.push(path, false, 0);
  }

  private isLast(path: string): boolean {
    return this.paths.length > 0 && this.paths[this.paths.length - 1] === path;
  }

  /** Closes the subtrees `path` is not in, and makes the parents of `path` that are not there yet */
  private openParentsOf(path: string): void {
    while (this.open.length > 0 && !isBelow(path, this.paths[this.open[this.open.length - 1]])) this.close();
    const top = this.open.length > 0 ? this.paths[this.open[this.open.length - 1]] : "";
    for (let slash = path.indexOf("/", top === "" ? 0 : top.length + 1); slash >= 0; slash = path.indexOf("/", slash + 1)) {
      this.push(path.slice(0, slash), false, 0);
    }
  }

  finish(): { paths: string[]; sizes: Float64Array; dirs: Uint8Array; ends: Int32Array } {
    while (this.open.length > 0) this.close();
    const count = this.paths.length;
    return { paths: this.paths, sizes: this.sizes.slice(0, count), dirs: this.dirs.slice(0, count), ends: this.ends.slice(0, count) };
  }

  private push(path: string, isDir: boolean, size: number): void {
    const index = this.paths.length;
    if (index === this.sizes.length) this.grow();
    this.paths.push(path);
    this.set(index, isDir, size);
    this.open.push(index);
  }

  private set(index: number, isDir: boolean, size: number): void {
    this.dirs[index] = isDir ? 1 : 0;
    this.sizes[index] = size;
  }

  private close(): void {
    this.ends[this.open.pop()!] = this.paths.length;
  }

  private grow(): void {
    const capacity = this.sizes.length * 2;
    this.sizes = copyInto(this.sizes, new Float64Array(capacity));
    this.dirs = copyInto(this.dirs, new Uint8Array(capacity));
    this.ends = copyInto(this.ends, new Int32Array(capacity));
  }
}

function copyInto<T extends Float64Array | Uint8Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

const pathOf = (item: LayerEntry | string): string => (typeof item === "string" ? item : item.path);

/** The offset of the first name of `path` that starts with `.wh..wh.`, -1 when none does */
function firstRefusedName(path: string): number {
  if (path.startsWith(DOUBLE_WHITEOUT)) return 0;
  const at = path.indexOf("/" + DOUBLE_WHITEOUT);
  return at < 0 ? -1 : at + 1;
}

/** Whether `path` lies below the directory path `dir` */
const isBelow = (path: string, dir: string): boolean => path.length > dir.length && path.charCodeAt(dir.length) === SLASH && path.startsWith(dir);
