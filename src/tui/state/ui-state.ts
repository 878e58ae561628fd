import type { WasteRow } from "./waste-rows.js";
import type { PackageInfo } from "../../packages/types.js";
import { EXPANDED_ALL, revealPath, setCollapsed, toggleAll, toggleCollapsed, type CollapseState } from "./collapse.js";
import { actionFor, type ActionName, type KeyMap } from "./keymap.js";
import { confirmKey, lookAction, type LookContext, type LookState } from "./look-actions.js";
import { MIN_FILE_SIZES, rowIndexOf, type ShownKind, type SortOrder, type TreeRow } from "./tree-rows.js";

type Pane = "layers" | "tree";
type Overlay = "none" | "help" | "waste" | "packages" | "hints" | "viewer" | "range";

export interface UiState extends LookState {
  focus: Pane;
  overlay: Overlay;
  /** The filter bar has the keyboard */
  filterEditing: boolean;
  filterText: string;
  layer: number;
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
  wasteCursor: number;
  hintsCursor: number;
  packagesCursor: number;
  packagesSort: "bytes" | "name";
  /** Only the packages the selected layer installed or upgraded */
  packagesOfLayer: boolean;
  /** The tree shows only this package's files (index into the analysis's packages) */
  packageShown?: number;
  helpScroll: number;
  quit: boolean;
}

/** What the reducer needs to know about the screen and data at the moment of a key. */
export interface UiContext extends LookContext {
  layerCount: number;
  /** The rows of the tree pane, undefined while the tree is being built */
  rows?: readonly TreeRow[];
  /** The waste list's rows: groups of one cause in one directory (src/analysis/waste-groups.ts) */
  waste: readonly WasteRow[];
  /** The hints overlay's rows: each hint's layer and path */
  hints?: ReadonlyArray<{ layer: number; path?: string }>;
  /** The packages overlay's rows as shown (sorted and filtered by the state), with their index in the analysis */
  packages?: ReadonlyArray<{ pkg: PackageInfo; index: number }>;
  /** Visible rows of the layers pane, tree pane and overlays, for paging */
  layerPage: number;
  treePage: number;
  overlayPage: number;
  helpLines: number;
}

export function initialState(): UiState {
  return {
    focus: "layers",
    overlay: "none",
    filterEditing: false,
    filterText: "",
    layer: 0,
    compare: "layer",
    treeCursor: 0,
    collapse: EXPANDED_ALL,
    hidden: new Set(),
    attributes: true,
    sort: "name",
    minFileSize: 0,
    wasteCursor: 0,
    hintsCursor: 0,
    packagesCursor: 0,
    packagesSort: "bytes",
    packagesOfLayer: false,
    helpScroll: 0,
    quit: false,
  };
}

/** The tree row the selection is on, following `treePath` when the rows changed under it. */
export function resolveTreeCursor(state: UiState, rows: readonly TreeRow[]): number {
  if (rows.length === 0) return 0;
  const at = Math.min(state.treeCursor, rows.length - 1);
  if (state.treePath === undefined || rows[at].node.path === state.treePath) return at;
  const found = rowIndexOf(rows, state.treePath);
  return found >= 0 ? found : at;
}

function clamp(n: number, count: number): number {
  return Math.max(0, Math.min(n, count - 1));
}

function moveTree(state: UiState, rows: readonly TreeRow[] | undefined, to: (cursor: number) => number): UiState {
  if (!rows || rows.length === 0) return state;
  const cursor = clamp(to(resolveTreeCursor(state, rows)), rows.length);
  return { ...state, treeCursor: cursor, treePath: rows[cursor].node.path };
}

function step(action: ActionName, page: number): ((n: number, count: number) => number) | undefined {
  switch (action) {
    case "up":
      return (n) => n - 1;
    case "down":
      return (n) => n + 1;
    case "page-up":
      return (n) => n - Math.max(1, page - 1);
    case "page-down":
      return (n) => n + Math.max(1, page - 1);
    case "first":
      return () => 0;
    case "last":
      return (_n, count) => count - 1;
    default:
      return undefined;
  }
}

function toggleHidden(state: UiState, kind: ShownKind): UiState {
  const hidden = new Set(state.hidden);
  if (hidden.has(kind)) hidden.delete(kind);
  else hidden.add(kind);
  return { ...state, hidden };
}

function applyAction(state: UiState, action: ActionName, ctx: UiContext): UiState {
  const looked = lookAction(state, action, ctx, () => (ctx.rows && ctx.rows.length > 0 ? ctx.rows[resolveTreeCursor(state, ctx.rows)] : undefined));
  if (looked) return looked;
  const context = state.overlay === "none" ? state.focus : state.overlay;
  switch (action) {
    case "quit":
      return { ...state, quit: true };
    case "help":
      return { ...state, overlay: state.overlay === "help" ? "none" : "help", helpScroll: 0 };
    case "toggle-waste":
      return { ...state, overlay: state.overlay === "waste" ? "none" : "waste" };
    case "toggle-packages":
      return { ...state, overlay: state.overlay === "packages" ? "none" : "packages" };
    case "toggle-hints":
      return { ...state, overlay: state.overlay === "hints" ? "none" : "hints" };
    case "open-hint": {
      const hint = ctx.hints?.[state.hintsCursor];
      if (!hint) return state;
      const opened: UiState = { ...state, overlay: "none", focus: "tree", layer: Math.min(hint.layer, ctx.layerCount - 1), compare: "layer", filterText: "", hidden: new Set() };
      return hint.path === undefined ? opened : { ...opened, collapse: revealPath(state.collapse, hint.path), treePath: hint.path };
    }
    case "packages-sort":
      return { ...state, packagesSort: state.packagesSort === "bytes" ? "name" : "bytes", packagesCursor: 0 };
    case "packages-layer":
      return { ...state, packagesOfLayer: !state.packagesOfLayer, packagesCursor: 0 };
    case "open-package": {
      const row = ctx.packages?.[state.packagesCursor];
      if (!row) return state;
      return {
        ...state,
        overlay: "none",
        focus: "tree",
        layer: ctx.layerCount - 1,
        compare: "aggregated",
        filterText: "",
        hidden: new Set(),
        packageShown: row.index,
        treeCursor: 0,
        treePath: undefined,
      };
    }
    case "close":
      if (state.overlay !== "none") return { ...state, overlay: "none" };
      if (state.packageShown !== undefined) return { ...state, packageShown: undefined };
      return state.filterText ? { ...state, filterText: "" } : state;
    case "toggle-view":
      return state.overlay === "none" ? { ...state, focus: state.focus === "layers" ? "tree" : "layers" } : state;
    case "filter-files":
      return { ...state, overlay: "none", focus: "tree", filterEditing: true, packageShown: undefined };
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
      return foldAction(state, action, ctx.rows);
    case "view-file":
      return foldAction(state, "toggle-collapse-dir", ctx.rows);
    case "jump-to-path": {
      const item = ctx.waste[state.wasteCursor];
      if (!item) return state;
      // a group of several files is its directory (`/data/small/`), shown open
      const directory = item.path.endsWith("/");
      const path = directory && item.path.length > 1 ? item.path.slice(0, -1) : item.path;
      const revealed = revealPath(state.collapse, path);
      return {
        ...state,
        overlay: "none",
        focus: "tree",
        layer: item.addedBy,
        compare: "layer",
        filterText: "",
        hidden: new Set(),
        collapse: directory ? setCollapsed(revealed, path, false) : revealed,
        treePath: path,
      };
    }
    default: {
      const page = context === "layers" ? ctx.layerPage : context === "tree" ? ctx.treePage : ctx.overlayPage;
      const move = step(action, page);
      if (!move) return state;
      switch (context) {
        case "layers":
          return { ...state, layer: clamp(move(state.layer, ctx.layerCount), ctx.layerCount) };
        case "tree":
          return moveTree(state, ctx.rows, (n) => move(n, ctx.rows?.length ?? 0));
        case "waste":
          return { ...state, wasteCursor: clamp(move(state.wasteCursor, ctx.waste.length), ctx.waste.length) };
        case "hints":
          return { ...state, hintsCursor: clamp(move(state.hintsCursor, ctx.hints?.length ?? 0), ctx.hints?.length ?? 0) };
        case "packages":
          return { ...state, packagesCursor: clamp(move(state.packagesCursor, ctx.packages?.length ?? 0), ctx.packages?.length ?? 0) };
        case "help":
          return { ...state, helpScroll: clamp(move(state.helpScroll, ctx.helpLines), Math.max(1, ctx.helpLines - ctx.overlayPage + 1)) };
        default:
          return state; // the viewer and the range list scroll in lookAction
      }
    }
  }
}

function foldAction(state: UiState, action: ActionName, rows: readonly TreeRow[] | undefined): UiState {
  if (!rows || rows.length === 0) return state;
  const cursor = resolveTreeCursor(state, rows);
  const row = rows[cursor];
  const path = row.node.path;
  const foldable = row.node.type === "dir" && row.hasChildren;
  const at = (index: number): UiState => ({ ...state, treeCursor: index, treePath: rows[index].node.path });
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

/** A key while the filter bar is open: text editing, enter keeps the filter, esc clears it; arrows still move. */
function filterKey(state: UiState, key: string, ctx: UiContext): UiState {
  switch (key) {
    case "esc":
      return { ...state, filterEditing: false, filterText: "" };
    case "enter":
      return { ...state, filterEditing: false };
    case "backspace":
    case "delete":
      return { ...state, filterText: state.filterText.slice(0, -1) };
    case "ctrl+c":
      return { ...state, quit: true };
    case "space":
      return { ...state, filterText: state.filterText + " " };
    case "up":
    case "down":
    case "pgup":
    case "pgdn":
      return applyAction(state, key === "up" ? "up" : key === "down" ? "down" : key === "pgup" ? "page-up" : "page-down", ctx);
    default:
      return [...key].length === 1 ? { ...state, filterText: state.filterText + key } : state;
  }
}

export function handleKey(state: UiState, key: string, keyMap: KeyMap, ctx: UiContext): UiState {
  if (state.filterEditing) return filterKey(state, key, ctx);
  if (state.message !== undefined) state = { ...state, message: undefined };
  if (state.confirm) return confirmKey(state, key);
  const context = state.overlay === "none" ? state.focus : state.overlay;
  const action = actionFor(keyMap, key, context);
  return action ? applyAction(state, action, ctx) : state;
}
