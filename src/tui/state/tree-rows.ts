import type { ChangeKind } from "../../tree/types.js";
import type { FileNode } from "../../tree/types.js";
import type { PathFilter } from "./path-filter.js";

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
  const rows: TreeRow[] = [];
  const { filter, hidden } = options;
  const minFileSize = options.minFileSize ?? 0;
  const selective = filter !== undefined || hidden.size > 0 || minFileSize > 0;
  const bigEnough = (node: FileNode): boolean => minFileSize === 0 || (node.type !== "dir" && node.size >= minFileSize);
  const passes = (node: FileNode): boolean =>
    !selective ||
    (bigEnough(node) && !hidden.has(options.changeOf(node) ?? "unmodified") && (filter === undefined || filter.test(node.path)));
  const anyBelow = (node: FileNode): boolean => {
    for (const kid of node.children ?? []) if (passes(kid) || anyBelow(kid)) return true;
    return false;
  };

  const emit = (node: FileNode, depth: number, parent: number): void => {
    let lastShown = -1;
    for (const kid of sortedChildren(node, options.sort)) {
      const index = rows.length;
      const self = passes(kid);
      if (kid.type === "dir" && kid.children !== undefined && kid.children.length > 0) {
        const row: TreeRow = { node: kid, depth, parent, last: false, change: options.changeOf(kid), collapsed: false, hasChildren: false };
        rows.push(row);
        const collapsed = options.isCollapsed(kid.path);
        let below: boolean;
        if (collapsed) below = !selective || anyBelow(kid);
        else {
          emit(kid, depth + 1, index);
          below = rows.length > index + 1;
        }
        if (!self && !below) {
          rows.length = index;
          continue;
        }
        row.hasChildren = below;
        row.collapsed = collapsed && below;
      } else {
        if (!self) continue;
        rows.push({ node: kid, depth, parent, last: false, change: options.changeOf(kid), collapsed: false, hasChildren: false });
      }
      lastShown = index;
    }
    if (lastShown >= 0) rows[lastShown].last = true;
  };
  emit(root, 0, -1);
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
export function rowIndexOf(rows: readonly TreeRow[], path: string): number {
  for (let i = 0; i < rows.length; i++) if (rows[i].node.path === path) return i;
  return -1;
}
