import { describe, expect, it } from "vitest";
import { groupWaste } from "../../../src/analysis/waste-groups.js";
import { EXPANDED_ALL, isCollapsed } from "../../../src/tui/state/collapse.js";
import { buildKeyMap } from "../../../src/tui/state/keymap.js";
import { flattenTree } from "../../../src/tui/state/tree-rows.js";
import { resolveTreeCursor } from "../../../src/tui/state/tree-actions.js";
import { handleKey, initialState, type UiContext, type UiState } from "../../../src/tui/state/ui-state.js";
import { sampleAnalysis } from "../helpers/fake-analysis.js";

const analysis = sampleAnalysis();
const keyMap = buildKeyMap();
const rows = flattenTree(analysis.tree.treeAt(2), {
  sort: "name",
  hidden: new Set(),
  isCollapsed: (p) => isCollapsed(EXPANDED_ALL, p),
  changeOf: (n) => n.change,
});
const ctx: UiContext = { layerCount: 3, rows, waste: groupWaste(analysis.summary.waste), layerPage: 3, treePage: 5, overlayPage: 5, helpLines: 40 };
const keys = (state: UiState, ...names: string[]): UiState => names.reduce((s, k) => handleKey(s, k, keyMap, ctx), state);

describe("ui state", () => {
  it("clamps layer moves to the image", () => {
    expect(keys(initialState(), "k").layer).toBe(0);
    expect(keys(initialState(), "j", "j", "j", "j").layer).toBe(2);
    expect(keys(initialState(), "pgdn").layer).toBe(2);
  });

  it("pages the tree by a screen less one row", () => {
    const s = keys(initialState(), "tab", "pgdn");
    expect(s.treeCursor).toBe(4);
    expect(s.treePath).toBe(rows[4].node.path);
  });

  it("follows the selected path when rows change", () => {
    const s = keys(initialState(), "tab", "j", "j");
    const moved = flattenTree(analysis.tree.treeAt(0), { sort: "name", hidden: new Set(), isCollapsed: () => false, changeOf: (n) => n.change });
    expect(moved[resolveTreeCursor(s, moved)].node.path).toBe("/bin/sh");
  });

  it("sends typing to the filter while it is open, and quits on ctrl+c from there", () => {
    const s = keys(initialState(), "/", "q", "space", "j");
    expect(s.filterText).toBe("q j");
    expect(s.quit).toBe(false);
    expect(keys(s, "ctrl+c").quit).toBe(true);
    expect(keys(s, "backspace").filterText).toBe("q ");
    expect(keys(s, "esc")).toMatchObject({ filterEditing: false, filterText: "" });
  });

  it("jumps from the waste list to the layer that added the bytes, revealing the group's directory or file", () => {
    // the two apt lists deleted by layer 2 are one row: their directory
    const s = keys(initialState(), "tab", "ctrl+space", "ctrl+u", "w", "enter");
    expect(s).toMatchObject({ overlay: "none", focus: "tree", layer: 1, compare: "layer", treePath: "/var/lib/apt/lists" });
    expect(s.hidden.size).toBe(0);
    expect(isCollapsed(s.collapse, "/var/lib/apt")).toBe(false);
    expect(isCollapsed(s.collapse, "/usr")).toBe(true);
    expect(keys(initialState(), "w", "j", "enter")).toMatchObject({ layer: 2, treePath: "/tmp/cache.bin" });
  });

  it("quits with q and ctrl+c, and with ctrl+c from the extract question (which any other key but y cancels)", () => {
    expect(keys(initialState(), "q").quit).toBe(true);
    expect(keys(initialState(), "tab", "ctrl+c").quit).toBe(true);
    const asking = keys(initialState(), "tab", "e");
    expect(asking.confirm).toBeDefined();
    expect(keys(asking, "ctrl+c")).toMatchObject({ quit: true, confirm: undefined });
    expect(keys(asking, "q")).toMatchObject({ quit: false, confirm: undefined, message: "extract cancelled" });
  });
});

describe("a terminal too small", () => {
  it("takes only the quit keys: nothing shown would tell what another did", () => {
    const small = { ...ctx, tooSmall: true };
    const state = initialState();
    for (const key of ["j", "?", "tab", "f", "/"]) expect(handleKey(state, key, keyMap, small)).toBe(state);
    expect(handleKey(state, "q", keyMap, small).quit).toBe(true);
    expect(handleKey(state, "ctrl+c", keyMap, small).quit).toBe(true);
  });
});

describe("collapsing every folder", () => {
  it("keeps the selection on the folder that holds the selected file, not on whatever row takes its place", () => {
    const nested = rows.findIndex((row) => row.depth >= 1 && row.node.type !== "dir");
    expect(nested).toBeGreaterThan(0);
    const before = { ...keys(initialState(), "tab"), treeCursor: nested, treePath: rows[nested].node.path };
    const folded = keys(before, "ctrl+space");
    const shown = flattenTree(analysis.tree.treeAt(2), {
      sort: "name",
      hidden: new Set(),
      isCollapsed: (p) => isCollapsed(folded.collapse, p),
      changeOf: (n) => n.change,
    });
    const selected = shown[resolveTreeCursor(folded, shown)].node.path;
    expect(rows[nested].node.path.startsWith(`${selected}/`)).toBe(true);
    expect(shown.every((row) => row.depth === 0)).toBe(true);
  });
});
