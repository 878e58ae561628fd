import { findSorted } from "./sorted-find.js";
import type { ChangeKind, NodeMeta, PathChange } from "./types.js";

/**
 * A change as one own field: the node's state (`meta`, the state after an addition or a modification, before a
 * removal). Where that state is a tar entry of the same path, which is most changes, the entry itself; else (an
 * implied directory, a hardlink's resolved state) a pair of the path and the state. Its path is the relative path
 * with a "/" in front, made when read; its type and size are its state's; its kind is its class's. 32 bytes a change
 * on a 64-bit Node, and no path string of its own, instead of an object of five fields and a copy of the path: about
 * 80 MB less on a layer of a million paths. Readers see a PathChange, and `JSON.stringify` writes one; only a spread
 * or `Object.keys` would tell, and nothing here copies a change.
 */
abstract class NodeChange {
  declare readonly kind: ChangeKind;

  constructor(private readonly state: NodeMeta | PathAndState) {}

  /** The path without its leading "/" */
  get relativePath(): string {
    return (this.state as { path: string }).path;
  }

  get meta(): NodeMeta {
    return this.state instanceof PathAndState ? this.state.meta : this.state;
  }

  get path(): string {
    return "/" + this.relativePath;
  }

  get type(): NodeMeta["type"] {
    return this.meta.type;
  }

  get size(): number {
    return this.meta.size;
  }

  /** What `JSON.stringify` writes of it: the PathChange's fields, as a plain object of them would give */
  toJSON(): PathChange {
    return { path: this.path, kind: this.kind, type: this.type, size: this.size, meta: this.meta };
  }
}

/** A state whose own `path`, if any, is not the changed path's */
class PathAndState {
  constructor(
    readonly path: string,
    readonly meta: NodeMeta,
  ) {}
}

/** The entry itself when it is the state of its own path, else the pair */
const stateOf = (relativePath: string, meta: NodeMeta): NodeMeta | PathAndState =>
  (meta as { path?: string }).path === relativePath ? meta : new PathAndState(relativePath, meta);

class Added extends NodeChange {}
class Modified extends NodeChange {}
class Removed extends NodeChange {}

for (const [kind, type] of [
  ["added", Added],
  ["modified", Modified],
  ["removed", Removed],
] as const) {
  Object.defineProperty(type.prototype, "kind", { value: kind, enumerable: true });
}

export type NodeChangeRecord = PathChange & Pick<NodeChange, "relativePath">;

export const addedChange = (relativePath: string, meta: NodeMeta): NodeChangeRecord => new Added(stateOf(relativePath, meta));
export const modifiedChange = (relativePath: string, meta: NodeMeta): NodeChangeRecord => new Modified(stateOf(relativePath, meta));
export const removedChange = (relativePath: string, meta: NodeMeta): NodeChangeRecord => new Removed(stateOf(relativePath, meta));

/** The order of changes, by path, compared without making any ("/" + a against "/" + b orders as a against b) */
export const byPath = (a: NodeChangeRecord, b: NodeChangeRecord): number => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0);

/** The change at an absolute path in a layer's changes (sorted by path), by binary search: no map of them all */
export function findChange(changes: readonly PathChange[], path: string): PathChange | undefined {
  return findSorted(changes, path, (change) => change.path);
}

/** A change's path without its leading "/": the one it holds when it is a record of the merge, else cut from its path */
export const relativePathOf = (change: PathChange): string => (change as Partial<NodeChangeRecord>).relativePath ?? change.path.slice(1);
