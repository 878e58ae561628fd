import { describe, expect, it } from "vitest";
import { aggregateChanges, aggregatedView } from "../../../src/tui/state/aggregate.js";
import { EXPANDED_ALL, isCollapsed } from "../../../src/tui/state/collapse.js";
import { flattenTree } from "../../../src/tui/state/tree-rows.js";
import { fakeAnalysis } from "../helpers/fake-analysis.js";

const { tree } = fakeAnalysis([
  {
    command: "base",
    entries: [
      { path: "/a", size: 1 },
      { path: "/d/x", size: 2 },
    ],
  },
  {
    command: "one",
    entries: [
      { path: "/b", size: 3 },
      { path: "/d", remove: true },
    ],
  },
  {
    command: "two",
    entries: [
      { path: "/a", size: 4 },
      { path: "/c", size: 5 },
    ],
  },
  { command: "three", entries: [{ path: "/c", remove: true }] },
]);

describe("aggregated changes", () => {
  it("combines layers 1..n, latest change winning, layer 0 as the base", () => {
    const kinds = (n: number): Record<string, string> => Object.fromEntries([...aggregateChanges(tree, n)].map(([path, c]) => [path, c.kind]));
    expect(kinds(0)).toEqual({ "/a": "added", "/d/x": "added" });
    expect(kinds(2)).toEqual({ "/a": "modified", "/b": "added", "/c": "added", "/d": "removed", "/d/x": "removed" });
    expect(kinds(3)).toMatchObject({ "/c": "removed", "/a": "modified" });
  });

  it("grafts back removed paths of earlier layers without touching the model's tree", () => {
    const root = tree.treeAt(3);
    const before = JSON.stringify(root);
    const view = aggregatedView(root, aggregateChanges(tree, 3));
    expect(JSON.stringify(root)).toBe(before);
    const rows = flattenTree(view.root, {
      sort: "name",
      hidden: new Set(),
      isCollapsed: (p) => isCollapsed(EXPANDED_ALL, p),
      changeOf: view.changeOf,
    });
    expect(rows.map((r) => `${r.change ?? " "} ${r.node.path}`)).toEqual(["modified /a", "added /b", "removed /c", "removed /d", "removed /d/x"]);
  });

  it("gives a grafted removed path the mode, owner and link target it had before its removal", () => {
    const combined = aggregateChanges(tree, 3);
    const before = { mode: 0o750, uid: 1000, gid: 50, linkname: "" };
    combined.set("/d", { path: "/d", kind: "removed", type: "dir", size: 0, meta: before });
    const d = aggregatedView(tree.treeAt(3), combined).root.children!.find((node) => node.name === "d")!;
    expect(d).toMatchObject({ change: "removed", type: "dir", mode: 0o750, uid: 1000, gid: 50 });
  });
});
