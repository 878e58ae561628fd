import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { TreePane } from "../../src/tui/components/TreePane.js";
import type { TreeRow } from "../../src/tui/state/tree-rows.js";
import type { FileNode } from "../../src/tree/types.js";

const file = (name: string, uid: number, gid: number): FileNode => ({
  name,
  path: `/${name}`,
  type: "file",
  mode: 0o644,
  uid,
  gid,
  size: 4,
  mtime: 0,
  linkname: "",
  layer: 0,
  totalSize: 4,
});

const row = (node: FileNode, last = false): TreeRow => ({ node, depth: 0, parent: -1, last, collapsed: false, hasChildren: false });

describe("the tree pane", () => {
  it("widens the owner column for an owner wider than it, so every row's size and name stay in line", () => {
    const rows = [row(file("bigid", 3000000, 3000001)), row(file("small", 0, 0), true)];
    const ui = render(
      <TreePane rows={rows} cursor={1} width={100} height={4} focused={false} attributes title="Current layer contents" extra="" colors={false} />,
    );
    const lines = (ui.lastFrame() ?? "").split("\n");
    ui.unmount();
    const header = lines.find((line) => line.includes("Filetree"))!;
    const big = lines.find((line) => line.includes("bigid"))!;
    const small = lines.find((line) => line.includes("└─ small"))!;
    expect(big).toContain("3000000:3000001");
    // the names start in one column, under the header's "Filetree"
    expect(big.indexOf("bigid")).toBe(small.indexOf("small"));
    expect(header.indexOf("Filetree")).toBeLessThanOrEqual(big.indexOf("bigid"));
    expect(big.indexOf("4 B")).toBe(small.indexOf("4 B"));
  });
});
