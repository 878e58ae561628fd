import type { WasteRow } from "./waste-rows.js";
import type { PackageInfo } from "../../packages/types.js";
import { EXPANDED_ALL, revealPath, setCollapsed } from "./collapse.js";
import { actionFor, type ActionName, type KeyMap } from "./keymap.js";
import { confirmKey, lookAction, type LookContext, type LookState } from "./look-actions.js";
import { moveTree, resolveTreeCursor, treeAction, type TreeView } from "./tree-actions.js";
import type { ShownKind, TreeRow } from "./tree-rows.js";

type Pane = "layers" | "tree";
type Overlay = "none" | "help" | "waste" | "packages" | "hints" | "viewer" | "range";

export interface UiState extends LookState, TreeView {
  focus: Pane;
  overlay: Overlay;
  /** The filter bar has the keyboard */
  filterEditing: boolean;
  filterText: string;
  layer: number;
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
  /** The terminal is too small to draw the panes: only quitting works (what the screen says) */
  tooSmall?: boolean;
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

function clamp(n: number, count: number): number {
  return Math.max(0, Math.min(n, count - 1));
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

function applyAction(state: UiState, action: ActionName, ctx: UiContext): UiState {
  const selected = (): TreeRow | undefined => (ctx.rows && ctx.rows.length > 0 ? ctx.rows[resolveTreeCursor(state, ctx.rows)] : undefined);
  return (
    lookAction(state, action, ctx, selected) ??
    screenAction(state, action) ??
    jumpAction(state, action, ctx) ??
    treeAction(state, action, ctx.rows) ??
    moveAction(state, action, ctx)
  );
}

/** The actions that open and close overlays, move the focus, start the filter or quit; undefined for the others. */
function screenAction(state: UiState, action: ActionName): UiState | undefined {
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
    case "packages-sort":
      return { ...state, packagesSort: state.packagesSort === "bytes" ? "name" : "bytes", packagesCursor: 0 };
    case "packages-layer":
      return { ...state, packagesOfLayer: !state.packagesOfLayer, packagesCursor: 0 };
    case "close":
      if (state.overlay !== "none") return { ...state, overlay: "none" };
      if (state.packageShown !== undefined) return { ...state, packageShown: undefined };
      return state.filterText ? { ...state, filterText: "" } : state;
    case "toggle-view":
      return state.overlay === "none" ? { ...state, focus: state.focus === "layers" ? "tree" : "layers" } : state;
    case "filter-files":
      return { ...state, overlay: "none", focus: "tree", filterEditing: true, packageShown: undefined };
    default:
      return undefined;
  }
}

/**
 * The actions that leave a list (hints, packages, waste) for the tree at the item under its cursor: the layer it
 * belongs to, every file shown, the item's path selected and unfolded; undefined for the others.
 */
function jumpAction(state: UiState, action: ActionName, ctx: UiContext): UiState | undefined {
  const toTree = { overlay: "none", focus: "tree", filterText: "", hidden: new Set<ShownKind>() } as const;
  switch (action) {
    case "open-hint": {
      const hint = ctx.hints?.[state.hintsCursor];
      if (!hint) return state;
      const opened: UiState = { ...state, ...toTree, layer: Math.min(hint.layer, ctx.layerCount - 1), compare: "layer" };
      return hint.path === undefined ? opened : { ...opened, collapse: revealPath(state.collapse, hint.path), treePath: hint.path };
    }
    case "open-package": {
      const row = ctx.packages?.[state.packagesCursor];
      if (!row) return state;
      // the package's files in the whole image
      return { ...state, ...toTree, layer: ctx.layerCount - 1, compare: "aggregated", packageShown: row.index, treeCursor: 0, treePath: undefined };
    }
    case "jump-to-path": {
      const item = ctx.waste[state.wasteCursor];
      if (!item) return state;
      // a group of several files is its directory (`/data/small/`), shown open
      const directory = item.path.endsWith("/");
      const path = directory && item.path.length > 1 ? item.path.slice(0, -1) : item.path;
      const revealed = revealPath(state.collapse, path);
      const collapse = directory ? setCollapsed(revealed, path, false) : revealed;
      return { ...state, ...toTree, layer: item.addedBy, compare: "layer", collapse, treePath: path };
    }
    default:
      return undefined;
  }
}

/** Up, down, page and ends in the pane or overlay that has the keyboard (the viewer and range list scroll in lookAction). */
function moveAction(state: UiState, action: ActionName, ctx: UiContext): UiState {
  const context = state.overlay === "none" ? state.focus : state.overlay;
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
  // nothing shown would tell what another key did
  if (ctx.tooSmall) return key === "ctrl+c" || keyMap.get("quit")?.includes(key) ? { ...state, quit: true } : state;
  if (state.filterEditing) return filterKey(state, key, ctx);
  if (state.message !== undefined) state = { ...state, message: undefined };
  // ctrl+c quits from the extract question too, as from the filter (nothing is written before `y`)
  if (state.confirm) return key === "ctrl+c" ? { ...state, confirm: undefined, quit: true } : confirmKey(state, key);
  const context = state.overlay === "none" ? state.focus : state.overlay;
  const action = actionFor(keyMap, key, context);
  return action ? applyAction(state, action, ctx) : state;
}
