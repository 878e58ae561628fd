import { describe, expect, it } from "vitest";
import type { PathChange } from "../../src/tree/types.js";
import { MergedTree } from "../../src/tree/merge.js";
import { NO_NODE } from "../../src/tree/node-table.js";
import { makeEntry } from "../../src/tar/plain-entry.js";
import type { LayerEntry } from "../../src/tree/types.js";
import { dir, entry, file } from "./entries.js";

function merge(layers: LayerEntry[][]): { tree: MergedTree; changes: PathChange[][] } {
  const tree = new MergedTree();
  const changes = layers.map((layer, i) => tree.applyLayer(i, layer, true)!);
  return { tree, changes };
}

function paths(tree: MergedTree): string[] {
  const out: string[] = [];
  const walk = (node: number, prefix: string): void => {
    const children: number[] = [];
    for (let child = tree.nodes.firstChild[node]; child !== NO_NODE; child = tree.nodes.next[child]) children.push(child);
    for (const child of children.sort((a, b) => (tree.nameOf(a) < tree.nameOf(b) ? -1 : 1))) {
      const path = prefix + "/" + tree.nameOf(child);
      out.push(`${tree.metaOf(child).type} ${path}`);
      walk(child, path);
    }
  };
  walk(tree.root, "");
  return out;
}

const filled = (values: Int32Array, count: number): number[] => [...values.subarray(0, count)];
const summary = (changes: PathChange[]): string[] => changes.map((c) => `${c.kind[0]} ${c.path}`);

describe("MergedTree", () => {
  it("gives a layer on an empty tree the same changes as the same layer tracked path by path", () => {
    // implied parents, a directory listed after its child, a file replaced by a directory and the reverse, a
    // file listed twice, a whiteout of nothing below
    const layer = [
      file("a/b/c", 3),
      dir("a/"),
      file("x", 1),
      dir("x/"),
      file("x/y", 2),
      dir("d/"),
      file("d/e", 5),
      file("d", 6),
      file("f", 7),
      file("f", 8, "F2"),
      file(".wh.gone", 0),
    ];
    const alone = merge([layer]).changes[0];
    const tracked = merge([[file("z", 1)], layer]).changes[1];
    expect(summary(alone)).toEqual(["a /a", "a /a/b", "a /a/b/c", "a /d", "a /f", "a /x", "a /x/y"]);
    expect(alone).toEqual(tracked);
  });

  it("removes a file and a whole directory with whiteouts", () => {
    const { tree, changes } = merge([
      [dir("a/"), file("a/x", 10), dir("a/sub/"), file("a/sub/y", 20), file("keep", 5)],
      [file("a/.wh.sub", 0), file(".wh.keep", 0)],
    ]);
    expect(paths(tree)).toEqual(["dir /a", "file /a/x"]);
    expect(summary(changes[1])).toEqual(["r /a/sub", "r /a/sub/y", "r /keep"]);
  });

  it("applies an opaque marker before the layer's other entries, whatever their order", () => {
    const { tree, changes } = merge([
      [dir("d/"), file("d/old1", 1), file("d/old2", 2)],
      [dir("d/"), file("d/new", 3), file("d/.wh..wh..opq", 0)],
    ]);
    expect(paths(tree)).toEqual(["dir /d", "file /d/new"]);
    expect(summary(changes[1])).toEqual(["a /d/new", "r /d/old1", "r /d/old2"]);
  });

  it("whiteouts apply to lower layers only, not to the same layer's entries", () => {
    const { tree } = merge([[file("f", 1)], [file("f", 2, "other"), file(".wh.f", 0)]]);
    expect(paths(tree)).toEqual(["file /f"]);
    expect(tree.metaOf(tree.nodeAt("f")).size).toBe(2);
  });

  it("replaces a directory by a file, a file by a directory and a symlink by a file", () => {
    const { tree, changes } = merge([
      [dir("t/"), dir("t/d2f/"), file("t/d2f/inner", 4), file("t/f2d", 3), entry("t/l2f", { type: "symlink", linkname: "x" })],
      [file("t/d2f", 11), dir("t/f2d/"), file("t/f2d/inner", 9), file("t/l2f", 11)],
    ]);
    expect(paths(tree)).toEqual(["dir /t", "file /t/d2f", "dir /t/f2d", "file /t/f2d/inner", "file /t/l2f"]);
    expect(summary(changes[1])).toEqual(["m /t/d2f", "r /t/d2f/inner", "m /t/f2d", "a /t/f2d/inner", "m /t/l2f"]);
  });

  it("creates missing parents as 0755 directories, inheriting setgid and its group", () => {
    const { tree } = merge([[dir("s/", { mode: 0o2775, gid: 50 })], [file("s/a/b/c", 1), file("x/y", 1)]]);
    expect(tree.metaOf(tree.nodeAt("s/a"))).toMatchObject({ type: "dir", mode: 0o2755, gid: 50 });
    expect(tree.metaOf(tree.nodeAt("x"))).toMatchObject({ type: "dir", mode: 0o755, uid: 0, gid: 0 });
  });

  it("gives a hardlink its target's size, also across layers", () => {
    const { tree } = merge([[file("bin/busybox", 1000)], [entry("bin/sh", { type: "hardlink", linkname: "bin/busybox" })]]);
    expect(tree.metaOf(tree.nodeAt("bin/sh"))).toMatchObject({ type: "hardlink", size: 1000, linkname: "bin/busybox" });
  });

  it("gives a hardlink its target's owner when the target's owner fields are its prototype's", () => {
    const target = makeEntry("bin/busybox", "file", 0o755, 0, 0, 1000, 1, "", 0, 0, 512);
    const missing = makeEntry("bin/gone", "hardlink", 0o644, 0, 0, 0, 1, "", 0, 0, 1024);
    const { tree } = merge([[target], [entry("bin/sh", { type: "hardlink", linkname: "bin/busybox", uid: 5 }), missing]]);
    expect(tree.metaOf(tree.nodeAt("bin/sh"))).toEqual(expect.objectContaining({ type: "hardlink", uid: 0, gid: 0, size: 1000, linkname: "bin/busybox" }));
    expect(Object.keys(tree.metaOf(tree.nodeAt("bin/gone")))).toEqual(expect.arrayContaining(["uid", "gid", "linkname"]));
  });

  it("marks metadata-only and content-only changes as modified, and an identical dir re-emit as nothing", () => {
    const { changes } = merge([
      [dir("etc/"), file("etc/a", 5, "A"), file("etc/b", 5, "B"), file("etc/c", 5, "C"), file("etc/d", 5, "D")],
      [dir("etc/"), file("etc/a", 5, "A", { mode: 0o600 }), file("etc/b", 5, "B", { uid: 1000 }), file("etc/c", 5, "C", { mtime: 1 }), file("etc/d", 5, "D2")],
    ]);
    expect(summary(changes[1])).toEqual(["m /etc/a", "m /etc/b", "m /etc/c", "m /etc/d"]);
  });

  it("keeps an identical re-emit unmodified but still records its bytes as shadowed", () => {
    const { tree, changes } = merge([[file("same", 7, "S")], [file("same", 7, "S")]]);
    expect(changes[1]).toEqual([]);
    expect(filled(tree.records.displacedBy, tree.records.count)).toEqual([1, -1]);
  });

  it("records which layer displaced each file", () => {
    const { tree } = merge([[file("a", 1), file("b", 2)], [file("a", 3, "x")], [file(".wh.a", 0), file(".wh.b", 0)]]);
    expect(filled(tree.records.layer, tree.records.count)).toEqual([0, 0, 1]);
    expect(filled(tree.records.displacedBy, tree.records.count)).toEqual([1, 2, 2]);
  });
});
