import { describe, expect, it } from "vitest";
import { MergedTree } from "../../src/tree/merge.js";
import { ReplayTreeModel } from "../../src/tree/model.js";
import type { FileNode, LayerEntry, PathChange } from "../../src/tree/types.js";
import { dir, entry, file } from "./entries.js";

function model(layers: LayerEntry[][]): ReplayTreeModel {
  const tree = new MergedTree();
  const changes: PathChange[][] = layers.map((layer, i) => tree.applyLayer(i, layer, true)!);
  return new ReplayTreeModel(
    layers.map((entries) => ({ entries })),
    changes,
    undefined,
    tree,
  );
}

/** What finalNodes reports, sorted, as `type path layer size`. */
function finalNodes(m: ReplayTreeModel, prefix: string): string[] {
  const out: string[] = [];
  m.finalNodes(prefix, (node) => out.push(`${node.type} ${node.path} ${node.layer} ${node.size}`));
  return out.sort();
}

/** The same from treeAt's FileNodes of the top layer (ghosts of removed paths left out). */
function fromFileNodes(root: FileNode, prefix: string): string[] {
  const out: string[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.change === "removed") continue;
    if (node !== root && node.path.startsWith(prefix)) out.push(`${node.type} ${node.path} ${node.layer} ${node.size}`);
    stack.push(...(node.children ?? []));
  }
  return out.sort();
}

const layers: LayerEntry[][] = [
  [dir("usr/"), dir("usr/bin/"), file("usr/bin/gcc", 10), file("usr/bin/cc-12", 3), file("etc/passwd", 4), dir("usr/lib/")],
  [file("usr/bin/.wh.cc-12", 0), file("usr/include/stdio.h", 7), entry("usr/bin/c++", { type: "hardlink", linkname: "usr/bin/gcc" })],
  [file("usr/lib/x", 2), file(".wh.etc", 0), entry("usr/local/bin/make", { type: "symlink", linkname: "/bin/true" })],
];

describe("ReplayTreeModel's view of the final tree", () => {
  it("walks the merged tree the analysis handed over, and the top layer's FileNodes once that is gone, alike", () => {
    const held = model(layers);
    const fromMerged = finalNodes(held, "/usr/");
    expect(fromMerged).toContain("hardlink /usr/bin/c++ 1 10");
    expect(fromMerged).toContain("dir /usr/include -1 0"); // implied by a deeper entry: no layer wrote it
    expect(fromMerged.some((line) => line.includes("cc-12"))).toBe(false);
    expect(finalNodes(held, "/")).toEqual(fromFileNodes(held.treeAt(2), "/"));
    // treeAt of the top layer takes the merged tree over: the same answers from the FileNodes
    expect(finalNodes(held, "/usr/")).toEqual(fromMerged);
    expect(fromMerged).toEqual(fromFileNodes(held.treeAt(2), "/usr/"));
  });

  it("tells which paths are present after the last layer", () => {
    for (const m of [
      model(layers),
      (() => {
        const taken = model(layers);
        taken.treeAt(2);
        return taken;
      })(),
    ]) {
      expect(m.presentAtEnd("/usr/bin/gcc")).toBe(true);
      expect(m.presentAtEnd("/usr/bin/cc-12")).toBe(false);
      expect(m.presentAtEnd("/etc/passwd")).toBe(false);
      expect(m.presentAtEnd("/usr/local/bin/make")).toBe(true);
      expect(m.presentAtEnd("/usr/local/bin/make/x")).toBe(false);
      expect(m.presentAtEnd("/nowhere")).toBe(false);
    }
  });

  it("keeps a removed path's mode, owner and link target in its ghost, as the layer below had them", () => {
    const m = model([
      [dir("etc/"), file("etc/secret", 5, "h5", { mode: 0o600, uid: 1000, gid: 1001 }), entry("etc/link", { type: "symlink", linkname: "/x" })],
      [file("etc/.wh.secret", 0), file("etc/.wh.link", 0)],
    ]);
    const etc = m.treeAt(1).children!.find((node) => node.name === "etc")!;
    const ghost = (name: string): FileNode => etc.children!.find((node) => node.name === name)!;
    expect(ghost("secret")).toMatchObject({ change: "removed", type: "file", mode: 0o600, uid: 1000, gid: 1001, size: 5 });
    expect(ghost("link")).toMatchObject({ change: "removed", type: "symlink", linkname: "/x" });
  });

  it("has nothing for an image without layers", () => {
    const empty = new ReplayTreeModel([], [], undefined, new MergedTree());
    expect(finalNodes(empty, "/")).toEqual([]);
    expect(empty.presentAtEnd("/x")).toBe(false);
  });
});
