import type { ActionName } from "./keymap.js";
import type { TreeRow } from "./tree-rows.js";
import { printable } from "../../text/escape.js";

/** The viewer: which file, at which layer, shown how, scrolled how far. */
export interface ViewerState {
  path: string;
  layer: number;
  mode: "file" | "diff";
  /** undefined: hex for binary content, text otherwise */
  hex?: boolean;
  scroll: number;
  /** The layer that removed the path, when it was opened from that layer's tree: its file is the one below, its diff the removal */
  removedIn?: number;
}

/** Something the UI does outside its state (the App runs it, then clears it): copy a path, extract. */
interface Effect {
  kind: "copy" | "extract";
  path: string;
  layer: number;
}

/** The state of the "look inside" features (viewer, extract, copy, layer range), part of UiState. */
export interface LookState {
  viewer?: ViewerState;
  /** A question on the status line; `y` (or enter) says yes, anything else no */
  confirm?: Effect;
  effect?: Effect;
  /** One line for the status line until the next key */
  message?: string;
  /** The first end of a layer range being marked */
  rangeStart?: number;
  range?: { from: number; to: number };
  rangeCursor?: number;
}

/** The part of the UI's state the look features read besides their own (ui-state.ts holds it all). */
export interface LookHost extends LookState {
  overlay: string;
  focus: string;
  layer: number;
}

/** What the look features need of the screen at the moment of a key. */
export interface LookContext {
  layerCount?: number;
  /** Lines of the view shown (0 while it loads) */
  viewerLines?: number;
  rangeRows?: number;
}

const MOVES: Partial<Record<ActionName, (n: number, page: number, count: number) => number>> = {
  up: (n) => n - 1,
  down: (n) => n + 1,
  "page-up": (n, page) => n - Math.max(1, page - 1),
  "page-down": (n, page) => n + Math.max(1, page - 1),
  first: () => 0,
  last: (_n, _page, count) => count - 1,
};

/**
 * The look features' part of applyAction; undefined for the actions it leaves to the rest. `selected` is the tree
 * row under the cursor.
 */
export function lookAction<S extends LookHost>(
  state: S,
  action: ActionName,
  ctx: LookContext & { overlayPage: number },
  selected: () => TreeRow | undefined,
): S | undefined {
  const context = state.overlay === "none" ? state.focus : state.overlay;
  const move = MOVES[action];
  if (move && (context === "viewer" || context === "range")) {
    const page = ctx.overlayPage;
    if (context === "viewer" && state.viewer) {
      const last = Math.max(0, (ctx.viewerLines ?? 0) - page);
      return { ...state, viewer: { ...state.viewer, scroll: clamp(move(state.viewer.scroll, page, last + 1), last + 1) } };
    }
    const rows = ctx.rangeRows ?? 0;
    return { ...state, rangeCursor: clamp(move(state.rangeCursor ?? 0, page, rows), rows) };
  }
  switch (action) {
    case "view-file":
    case "diff-file": {
      const row = selected();
      if (!row) return state;
      if (row.node.type === "dir") return action === "view-file" ? undefined : { ...state, message: "a directory: no contents to diff" };
      // a path this layer removed shows as it was below; its diff is the removal itself (the layer below against this one)
      const mode = action === "view-file" ? "file" : "diff";
      const removedIn = row.change === "removed" ? state.layer : undefined;
      const viewer: ViewerState = { path: row.node.path, layer: layerShown(mode, state.layer, removedIn), mode, scroll: 0 };
      if (removedIn !== undefined) viewer.removedIn = removedIn;
      return { ...state, overlay: "viewer" as S["overlay"], viewer };
    }
    case "viewer-hex":
      return state.viewer ? { ...state, viewer: { ...state.viewer, hex: !(state.viewer.hex ?? false), scroll: 0 } } : state;
    case "viewer-diff": {
      if (!state.viewer) return state;
      const mode = state.viewer.mode === "file" ? "diff" : "file";
      const layer = state.viewer.removedIn === undefined ? state.viewer.layer : layerShown(mode, state.viewer.removedIn, state.viewer.removedIn);
      return { ...state, viewer: { ...state.viewer, mode, layer, scroll: 0 } };
    }
    case "extract-path": {
      const row = selected();
      if (!row) return state;
      if (row.change === "removed")
        return { ...state, message: `${printable(row.node.path)}: removed, not in the tree after layer ${state.layer}: nothing to extract` };
      return { ...state, confirm: { kind: "extract", path: row.node.path, layer: state.layer } };
    }
    case "copy-path": {
      const path = context === "viewer" ? state.viewer?.path : context === "tree" ? selected()?.node.path : undefined;
      return path === undefined ? state : { ...state, effect: { kind: "copy", path, layer: state.layer } };
    }
    case "mark-range": {
      if (ctx.layerCount === 0) return { ...state, message: "the image has no layers: no range to mark" };
      if (state.rangeStart === undefined)
        return { ...state, rangeStart: state.layer, message: `range from layer ${state.layer}: move to its other end and press the key again` };
      const from = Math.min(state.rangeStart, state.layer);
      const to = Math.max(state.rangeStart, state.layer);
      return { ...state, rangeStart: undefined, range: { from, to }, rangeCursor: 0, overlay: "range" as S["overlay"] };
    }
    case "close":
      if (state.overlay === "viewer") return { ...state, overlay: "none" as S["overlay"], viewer: undefined };
      if (state.rangeStart !== undefined && state.overlay === "none") return { ...state, rangeStart: undefined, message: "range marking cancelled" };
      return undefined;
    default:
      return undefined;
  }
}

/** A key while a question waits: `y` or enter runs it, any other key drops it. */
export function confirmKey<S extends LookHost>(state: S, key: string): S {
  const confirm = state.confirm!;
  if (key === "y" || key === "enter") return { ...state, confirm: undefined, effect: confirm, message: `extracting ${confirm.path}…` };
  return { ...state, confirm: undefined, message: "extract cancelled" };
}

function clamp(n: number, count: number): number {
  return Math.max(0, Math.min(n, count - 1));
}

/** The layer the viewer reads: the layer shown, but for a removed path's file, the layer below its removal */
function layerShown(mode: ViewerState["mode"], layer: number, removedIn: number | undefined): number {
  return removedIn !== undefined && mode === "file" ? Math.max(0, removedIn - 1) : layer;
}
