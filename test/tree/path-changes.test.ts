import { describe, expect, it } from "vitest";
import { addedChange, byPath, modifiedChange, removedChange } from "../../src/tree/path-changes.js";
import { MergedTree } from "../../src/tree/merge.js";
import { dir, file } from "./entries.js";

const plain = (change: ReturnType<typeof addedChange>) => ({ path: change.path, kind: change.kind, type: change.type, size: change.size });

describe("path change records", () => {
  it("read as a PathChange: the path with its slash, the type and size of the node, the kind of the class", () => {
    const meta = file("usr/bin/tool", 42);
    expect(plain(addedChange("usr/bin/tool", meta))).toEqual({ path: "/usr/bin/tool", kind: "added", type: "file", size: 42 });
    expect(plain(modifiedChange("usr/bin/tool", meta))).toEqual({ path: "/usr/bin/tool", kind: "modified", type: "file", size: 42 });
    expect(plain(removedChange("usr", dir("usr")))).toEqual({ path: "/usr", kind: "removed", type: "dir", size: 0 });
    expect(addedChange("usr/bin/tool", meta).meta).toBe(meta);
  });

  it("write the fields of a PathChange as JSON", () => {
    const meta = file("etc/motd", 7);
    expect(JSON.parse(JSON.stringify([removedChange("etc/motd", meta)]))).toEqual([
      { path: "/etc/motd", kind: "removed", type: "file", size: 7, meta: JSON.parse(JSON.stringify(meta)) },
    ]);
  });

  it("sort as their paths do", () => {
    const names = ["a/b", "a", "a-b", "a.b/c", "ab", "a/b/c", "Z", "é"];
    const sorted = names
      .map((name) => addedChange(name, file(name, 0)))
      .sort(byPath)
      .map((change) => change.path);
    expect(sorted).toEqual(names.map((name) => "/" + name).sort());
  });

  it("of a layer on an empty tree carry the entries' own paths, and made ones for implied and linked paths", () => {
    const tree = new MergedTree();
    const entries = [file("a/b/c", 1), dir("d"), { ...file("d/link", 0), type: "hardlink" as const, linkname: "a/b/c" }];
    const changes = tree.applyLayer(0, entries, true)!;
    expect(changes.map((change) => `${change.kind} ${change.path} ${change.type} ${change.size}`)).toEqual([
      "added /a dir 0",
      "added /a/b dir 0",
      "added /a/b/c file 1",
      "added /d dir 0",
      "added /d/link hardlink 1",
    ]);
  });
});
