import { setCollapsed, toggleAll, toggleCollapsed, type CollapseState } from "./collapse.js";
import type { ActionName } from "./keymap.js";
import { MIN_FILE_SIZES, rowIndexOfNearest, type ShownKind, type SortOrder, type TreeRow } from "./tree-rows.js";

/** The part of the UI's state that says how the tree pane shows the tree (ui-state.ts holds it all). */
export interface TreeView {
  compare: "layer" | "aggregated";
  /** Tree selection: the row index, and the path it showed (followed across layers, filters and folds) */
  treeCursor: number;
  treePath?: string;
  collapse: CollapseState;
  hidden: ReadonlySet<ShownKind>;
  attributes: boolean;
  sort: SortOrder;
  /** Files smaller than this are hidden from the tree (one of MIN_FILE_SIZES; 0 = off) */
  minFileSize: number;
}

/** The tree row the selection is on, following `treePath` when the rows changed under it. */
export function resolveTreeCursor(state: TreeView, rows: readonly TreeRow[]): number {
  if (rows.length === 0) return 0;
  const at = Math.min(state.treeCursor, rows.length - 1);
  if (state.treePath === undefined || rows[at].node.path === state.treePath) return at;
  // a path folded or filtered away: its nearest folder still shown, not whatever row took its index
  const found = rowIndexOfNearest(rows, state.treePath);
  return found >= 0 ? found : at;
}

/** The selection moved to the row `to` picks (from the row it is on), kept within the rows. */
export function moveTree<S extends TreeView>(state: S, rows: readonly TreeRow[] | undefined, to: (cursor: number) => number): S {
  if (!rows || rows.length === 0) return state;
  const cursor = Math.max(0, Math.min(to(resolveTreeCursor(state, rows)), rows.length - 1));
  return { ...state, treeCursor: cursor, treePath: rows[cursor].node.path };
}

/**
 * The actions that change what the tree shows (layer or aggregated changes, hidden kinds, attributes, sort, size
 * floor, folds); undefined for the others.
 */
export function treeAction<S extends TreeView>(state: S, action: ActionName, rows: readonly TreeRow[] | undefined): S | undefined {
  switch (action) {
    case "compare-all":
      return { ...state, compare: "aggregated" };
    case "compare-layer":
      return { ...state, compare: "layer" };
    case "toggle-added-files":
      return toggleHidden(state, "added");
    case "toggle-removed-files":
      return toggleHidden(state, "removed");
    case "toggle-modified-files":
      return toggleHidden(state, "modified");
    case "toggle-unmodified-files":
      return toggleHidden(state, "unmodified");
    case "toggle-filetree-attributes":
      return { ...state, attributes: !state.attributes };
    case "toggle-sort-order":
      return { ...state, sort: state.sort === "name" ? "size" : "name" };
    case "cycle-min-file-size": {
      const at = MIN_FILE_SIZES.indexOf(state.minFileSize as (typeof MIN_FILE_SIZES)[number]);
      return { ...state, minFileSize: MIN_FILE_SIZES[(at + 1) % MIN_FILE_SIZES.length] };
    }
    case "toggle-collapse-all-dir":
      return { ...state, collapse: toggleAll(state.collapse) };
    case "toggle-collapse-dir":
    case "collapse-dir":
    case "expand-dir":
      return foldAction(state, action, rows);
    case "view-file":
      // a directory (the viewer shows files): folds or unfolds it
      return foldAction(state, "toggle-collapse-dir", rows);
    default:
      return undefined;
  }
}

function toggleHidden<S extends TreeView>(state: S, kind: ShownKind): S {
  const hidden = new Set(state.hidden);
  if (hidden.has(kind)) hidden.delete(kind);
  else hidden.add(kind);
  return { ...state, hidden };
}

function foldAction<S extends TreeView>(state: S, action: ActionName, rows: readonly TreeRow[] | undefined): S {
  if (!rows || rows.length === 0) return state;
  const cursor = resolveTreeCursor(state, rows);
  const row = rows[cursor];
  const path = row.node.path;
  const foldable = row.node.type === "dir" && row.hasChildren;
  const at = (index: number): S => ({ ...state, treeCursor: index, treePath: rows[index].node.path });
  switch (action) {
    case "toggle-collapse-dir":
      return foldable ? { ...state, collapse: toggleCollapsed(state.collapse, path) } : state;
    case "collapse-dir":
      if (foldable && !row.collapsed) return { ...state, collapse: setCollapsed(state.collapse, path, true) };
      return row.parent >= 0 ? at(row.parent) : state;
    case "expand-dir":
      if (foldable && row.collapsed) return { ...state, collapse: setCollapsed(state.collapse, path, false) };
      return foldable && cursor + 1 < rows.length ? at(cursor + 1) : state;
    default:
      return state;
  }
}
