import type { ChangeKind } from "../../analysis/types.js";
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

export interface RowOptions {
  sort: SortOrder;
  hidden: ReadonlySet<ShownKind>;
  filter?: PathFilter;
  isCollapsed(path: string): boolean;
  changeOf(node: FileNode): ChangeKind | undefined;
}

const bySize = new WeakMap<readonly FileNode[], FileNode[]>();

export function sortedChildren(node: FileNode, sort: SortOrder): readonly FileNode[] {
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
 * Flattens the expanded part of the tree (root excluded) into rows. With a filter or hidden kinds, a node is
 * shown when it passes itself or has a descendant that does; that pass visits the whole tree once.
 */
export function flattenTree(root: FileNode, options: RowOptions): TreeRow[] {
  const rows: TreeRow[] = [];
  const selective = options.filter !== undefined || options.hidden.size > 0;
  const shown = selective ? visibility(root, options) : undefined;
  const visibleChildren = (node: FileNode): FileNode[] => {
    const kids = sortedChildren(node, options.sort);
    return shown ? kids.filter((kid) => shown.has(kid)) : (kids as FileNode[]);
  };

  const walk = (node: FileNode, depth: number, parent: number): void => {
    const kids = visibleChildren(node);
    for (let i = 0; i < kids.length; i++) {
      const kid = kids[i];
      const isDir = kid.type === "dir";
      const grand = isDir ? visibleChildren(kid) : [];
      const collapsed = isDir && grand.length > 0 && options.isCollapsed(kid.path);
      const index = rows.length;
      rows.push({
        node: kid,
        depth,
        parent,
        last: i === kids.length - 1,
        change: options.changeOf(kid),
        collapsed,
        hasChildren: grand.length > 0,
      });
      if (grand.length > 0 && !collapsed) walk(kid, depth + 1, index);
    }
  };
  walk(root, 0, -1);
  return rows;
}

function visibility(root: FileNode, options: RowOptions): Set<FileNode> {
  const shown = new Set<FileNode>();
  const { filter, hidden } = options;
  const visit = (node: FileNode): boolean => {
    let any = false;
    for (const kid of node.children ?? []) if (visit(kid)) any = true;
    const kind: ShownKind = options.changeOf(node) ?? "unmodified";
    const self = !hidden.has(kind) && (filter === undefined || filter.test(node.path));
    if (self || any) {
      shown.add(node);
      return true;
    }
    return false;
  };
  visit(root);
  return shown;
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
