import { describe, expect, it } from "vitest";
import type { ChangeKind } from "../../../src/tree/types.js";
import type { FileNode } from "../../../src/tree/types.js";
import { EXPANDED_ALL, isCollapsed, toggleAll, toggleCollapsed, type CollapseState } from "../../../src/tui/state/collapse.js";
import { compilePathFilter } from "../../../src/tui/state/path-filter.js";
import { flattenTree, guideOf, rowIndexOfNearest, type RowOptions, type ShownKind } from "../../../src/tui/state/tree-rows.js";
import { rootNode, sampleAnalysis } from "../helpers/fake-analysis.js";

function options(over: Partial<RowOptions> & { collapse?: CollapseState } = {}): RowOptions {
  const collapse = over.collapse ?? EXPANDED_ALL;
  return {
    sort: "name",
    hidden: new Set<ShownKind>(),
    isCollapsed: (path) => isCollapsed(collapse, path),
    changeOf: (node: FileNode): ChangeKind | undefined => node.change,
    ...over,
  };
}

const tree = sampleAnalysis().tree;
const paths = (root: FileNode, o: RowOptions): string[] => flattenTree(root, o).map((r) => r.node.path);

describe("flattenTree", () => {
  it("lists the expanded tree depth first, root excluded", () => {
    expect(paths(tree.treeAt(0), options())).toEqual(["/bin", "/bin/ls", "/bin/sh", "/etc", "/etc/hosts", "/etc/passwd"]);
  });

  it("keeps removed paths of the layer, marked", () => {
    const rows = flattenTree(tree.treeAt(2), options());
    const lists = rows.find((r) => r.node.path === "/var/lib/apt/lists");
    expect(lists?.change).toBe("removed");
    expect(rows.find((r) => r.node.path === "/tmp/cache.bin")?.change).toBe("added");
    expect(rows.find((r) => r.node.path === "/etc/hosts")?.change).toBe("modified");
  });

  it("does not descend into collapsed directories, and marks them", () => {
    const rows = flattenTree(tree.treeAt(0), options({ collapse: toggleCollapsed(EXPANDED_ALL, "/bin") }));
    expect(rows.map((r) => r.node.path)).toEqual(["/bin", "/etc", "/etc/hosts", "/etc/passwd"]);
    expect(rows[0].collapsed).toBe(true);
    expect(paths(tree.treeAt(0), options({ collapse: toggleAll(EXPANDED_ALL) }))).toEqual(["/bin", "/etc"]);
  });

  it("sorts by total size, largest first", () => {
    expect(paths(tree.treeAt(1), options({ sort: "size", collapse: toggleAll(EXPANDED_ALL) }))).toEqual(["/usr", "/var", "/bin", "/etc"]);
  });

  it("hides kinds but keeps the directories that lead to shown files", () => {
    const hidden = new Set<ShownKind>(["unmodified"]);
    expect(paths(tree.treeAt(2), options({ hidden }))).toEqual([
      "/etc",
      "/etc/hosts",
      "/tmp",
      "/tmp/cache.bin",
      "/var",
      "/var/lib",
      "/var/lib/apt",
      "/var/lib/apt/lists",
      "/var/lib/apt/lists/main",
      "/var/lib/apt/lists/security",
    ]);
    const noRemoved = paths(tree.treeAt(2), options({ hidden: new Set<ShownKind>(["removed"]) }));
    expect(noRemoved).not.toContain("/var/lib/apt/lists/main");
    expect(noRemoved).toContain("/usr/bin/curl");
  });

  it("filters by regex or substring, keeping ancestors", () => {
    expect(paths(tree.treeAt(1), options({ filter: compilePathFilter("curl$") }))).toEqual(["/usr", "/usr/bin", "/usr/bin/curl"]);
    const substring = compilePathFilter("lists/ma(");
    expect(substring?.kind).toBe("substring");
    expect(paths(tree.treeAt(1), options({ filter: substring }))).toEqual([]);
    expect(paths(tree.treeAt(1), options({ filter: compilePathFilter("(") }))).toEqual([]);
  });

  it("draws guides from parent links", () => {
    const rows = flattenTree(tree.treeAt(0), options());
    expect(rows.map((_, i) => guideOf(rows, i))).toEqual(["├─ ", "│  ├─ ", "│  └─ ", "└─ ", "   ├─ ", "   └─ "]);
    expect(rows.map((row) => row.node.path)[4]).toBe("/etc/hosts");
    expect(rowIndexOfNearest(rows, "/etc/hosts")).toBe(4);
    expect(rowIndexOfNearest(rows, "/nope")).toBe(-1);
    // a path folded or filtered away: its nearest folder that is shown
    expect(rowIndexOfNearest(rows, "/etc/hosts.d/x")).toBe(rowIndexOfNearest(rows, "/etc"));
    expect(rowIndexOfNearest(rows, "/etc/hosts/deeper/still")).toBe(4);
    expect(rowIndexOfNearest(rows, "/etcetera/file")).toBe(-1);
  });

  it("flattens a 100k-file tree with a filter", () => {
    const dirs: FileNode[] = [];
    for (let d = 0; d < 100; d++) {
      const children: FileNode[] = [];
      for (let f = 0; f < 1000; f++) {
        children.push({
          name: `f${f}`,
          path: `/d${d}/f${f}`,
          type: "file",
          mode: 0o644,
          uid: 0,
          gid: 0,
          size: f,
          mtime: 0,
          linkname: "",
          layer: 0,
          totalSize: f,
        });
      }
      dirs.push({ name: `d${d}`, path: `/d${d}`, type: "dir", mode: 0o755, uid: 0, gid: 0, size: 0, mtime: 0, linkname: "", layer: 0, totalSize: 0, children });
    }
    const root = rootNode(dirs);
    expect(flattenTree(root, options())).toHaveLength(100_100);
    expect(flattenTree(root, options({ filter: compilePathFilter("/d7/f99$") }))).toHaveLength(2);
  });
});
