/**
 * runTui builds the first layer's tree before the first render, so the first frame Ink draws is already the full
 * one: App given that cache draws the tree at once, never "building the tree…".
 */
import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { App, TREE_CACHE_SIZE } from "../../src/tui/App.js";
import type { ShownTree } from "../../src/tui/state/aggregate.js";
import { buildKeyMap } from "../../src/tui/state/keymap.js";
import { Lru } from "../../src/tui/state/lru.js";
import { initialState } from "../../src/tui/state/ui-state.js";
import { buildShownTree } from "../../src/tui/use-shown-tree.js";
import { sampleAnalysis } from "./helpers/fake-analysis.js";

describe("the UI's first frame", () => {
  it("shows the first layer's tree at once when it was built before the render", () => {
    const analysis = sampleAnalysis();
    const cache = new Lru<string, ShownTree>(TREE_CACHE_SIZE);
    const { compare, layer } = initialState();
    buildShownTree(analysis.tree, compare, layer, cache);
    const instance = render(<App analysis={analysis} keyMap={buildKeyMap({})} width={140} height={30} colors={false} treeCache={cache} />);
    const first = instance.frames[0] ?? "";
    expect(first).toContain("Filetree");
    expect(first).not.toContain("building");
    expect(first).toMatch(/[├└]─/);
    instance.unmount();
  });

  it("without it, draws a building frame first (what the cache saves)", () => {
    const analysis = sampleAnalysis();
    const instance = render(<App analysis={analysis} keyMap={buildKeyMap({})} width={140} height={30} colors={false} />);
    expect(instance.frames[0]).toContain("building the tree");
    instance.unmount();
  });
});
