import type { ChangeKind } from "../../tree/types.js";
import type { FileNode } from "../../tree/types.js";
import type { PathFilter } from "./path-filter.js";
import { ITEMS_PER_STEP, runSteps, type Steps } from "../../steps/steps.js";

export type ShownKind = ChangeKind | "unmodified";
export type SortOrder = "name" | "size";

/** One visible line of the tree pane. Guides are drawn from `parent`/`last`, only for the rows on screen. */
export interface TreeRow {
  node: FileNode;
  depth: number;
  /** Index of the parent row, -1 at the top level */
  parent: number;
  /** Last visible child of its parent */
  last: boolean;
  change?: ChangeKind;
  /** A directory with visible children that are not shown */
  collapsed: boolean;
  /** A directory with at least one visible child */
  hasChildren: boolean;
}

const CHANGES: ReadonlyArray<ChangeKind | undefined> = [undefined, "added", "modified", "removed"];
const LAST = 1;
const COLLAPSED = 2;
const HAS_CHILDREN = 4;
const CHANGE_SHIFT = 3;
const DEPTH_SHIFT = 5;

/**
 * A row as three fields, its depth, change and flags in one number: 48 bytes instead of 80, a row for each path of
 * an expanded tree (1M paths: about 32 MB less).
 */
class PackedRow implements TreeRow {
  private bits: number;

  constructor(
    readonly node: FileNode,
    readonly parent: number,
    depth: number,
    change: ChangeKind | undefined,
  ) {
    this.bits = depth * (1 << DEPTH_SHIFT) + (CHANGES.indexOf(change) << CHANGE_SHIFT);
  }

  get depth(): number {
    return Math.floor(this.bits / (1 << DEPTH_SHIFT));
  }

  get change(): ChangeKind | undefined {
    return CHANGES[(this.bits >> CHANGE_SHIFT) & 3];
  }

  get last(): boolean {
    return (this.bits & LAST) !== 0;
  }

  set last(value: boolean) {
    this.flag(LAST, value);
  }

  get collapsed(): boolean {
    return (this.bits & COLLAPSED) !== 0;
  }

  set collapsed(value: boolean) {
    this.flag(COLLAPSED, value);
  }

  get hasChildren(): boolean {
    return (this.bits & HAS_CHILDREN) !== 0;
  }

  set hasChildren(value: boolean) {
    this.flag(HAS_CHILDREN, value);
  }

  private flag(bit: number, value: boolean): void {
    this.bits = value ? this.bits | bit : this.bits & ~bit;
  }
}

/** The minimum file sizes the tree cycles through (decimal units, as sizes are shown); 0 = off */
export const MIN_FILE_SIZES = [0, 1_000_000, 10_000_000, 100_000_000] as const;

export interface RowOptions {
  sort: SortOrder;
  hidden: ReadonlySet<ShownKind>;
  /** Files (any non-directory) smaller than this are hidden; a folder shows when something below it shows */
  minFileSize?: number;
  filter?: PathFilter;
  isCollapsed(path: string): boolean;
  changeOf(node: FileNode): ChangeKind | undefined;
}

const bySize = new WeakMap<readonly FileNode[], FileNode[]>();

function sortedChildren(node: FileNode, sort: SortOrder): readonly FileNode[] {
  const children = node.children ?? [];
  if (sort === "name" || children.length < 2) return children;
  let sorted = bySize.get(children);
  if (!sorted) {
    sorted = [...children].sort((a, b) => b.totalSize - a.totalSize || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    bySize.set(children, sorted);
  }
  return sorted;
}

/**
 * Flattens the expanded part of the tree (root excluded) into rows, in one pass. With a filter or hidden kinds, a
 * node is shown when it passes itself or has a descendant that does: a directory's row is written first and taken
 * back when nothing below it (and not itself) passed.
 */
export function flattenTree(root: FileNode, options: RowOptions): TreeRow[] {
  return runSteps(flattenSteps(root, options));
}

/** A directory whose row is written, waiting for what its children show */
interface OpenDir {
  row: TreeRow;
  index: number;
  self: boolean;
  collapsed: boolean;
}

/** The children of one node being emitted, depth first with an explicit stack (trees may nest deeper than calls) */
interface Frame {
  kids: readonly FileNode[];
  next: number;
  depth: number;
  /** Row index of the node, -1 for the root */
  parent: number;
  lastShown: number;
  open?: OpenDir;
}

/** flattenTree in steps */
export function* flattenSteps(root: FileNode, options: RowOptions): Steps<TreeRow[]> {
  const rows: TreeRow[] = [];
  const { filter, hidden } = options;
  const minFileSize = options.minFileSize ?? 0;
  const selective = filter !== undefined || hidden.size > 0 || minFileSize > 0;
  const bigEnough = (node: FileNode): boolean => minFileSize === 0 || (node.type !== "dir" && node.size >= minFileSize);
  const passes = (node: FileNode): boolean =>
    !selective || (bigEnough(node) && !hidden.has(options.changeOf(node) ?? "unmodified") && (filter === undefined || filter.test(node.path)));
  const anyBelow = (node: FileNode): boolean => {
    for (const kid of node.children ?? []) if (passes(kid) || anyBelow(kid)) return true;
    return false;
  };
  const close = (frame: Frame, dir: OpenDir, below: boolean): void => {
    if (!dir.self && !below) {
      rows.length = dir.index;
      return;
    }
    dir.row.hasChildren = below;
    dir.row.collapsed = dir.collapsed && below;
    frame.lastShown = dir.index;
  };

  const stack: Frame[] = [{ kids: sortedChildren(root, options.sort), next: 0, depth: 0, parent: -1, lastShown: -1 }];
  let visited = 0;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.next === frame.kids.length) {
      if (frame.lastShown >= 0) rows[frame.lastShown].last = true;
      stack.pop();
      const above = stack[stack.length - 1];
      if (above?.open) close(above, above.open, rows.length > above.open.index + 1);
      continue;
    }
    if (++visited % ITEMS_PER_STEP === 0) yield;
    const kid = frame.kids[frame.next++];
    const index = rows.length;
    const self = passes(kid);
    const { depth, parent } = frame;
    if (kid.type === "dir" && kid.children !== undefined && kid.children.length > 0) {
      const row: TreeRow = new PackedRow(kid, parent, depth, options.changeOf(kid));
      rows.push(row);
      const collapsed = options.isCollapsed(kid.path);
      const dir = { row, index, self, collapsed };
      if (collapsed) close(frame, dir, !selective || anyBelow(kid));
      else {
        frame.open = dir;
        stack.push({ kids: sortedChildren(kid, options.sort), next: 0, depth: depth + 1, parent: index, lastShown: -1 });
      }
    } else if (self) {
      rows.push(new PackedRow(kid, parent, depth, options.changeOf(kid)));
      frame.lastShown = index;
    }
  }
  return rows;
}

/** The tree guide (`│  ├─ `) in front of row `index`. */
export function guideOf(rows: readonly TreeRow[], index: number): string {
  const row = rows[index];
  let prefix = row.last ? "└─ " : "├─ ";
  for (let p = row.parent; p >= 0; p = rows[p].parent) prefix = (rows[p].last ? "   " : "│  ") + prefix;
  return prefix;
}

/** Index of the row showing `path`, or -1. */
/** The row of `path`, else of its nearest shown folder (folded away, filtered out), in one pass; -1 when neither */
export function rowIndexOfNearest(rows: readonly TreeRow[], path: string): number {
  let nearest = -1;
  let nearestLength = 0;
  for (let i = 0; i < rows.length; i++) {
    const shown = rows[i].node.path;
    if (shown === path) return i;
    if (shown.length > nearestLength && path.length > shown.length && path.charCodeAt(shown.length) === 47 && path.startsWith(shown)) {
      nearest = i;
      nearestLength = shown.length;
    }
  }
  return nearest;
}
