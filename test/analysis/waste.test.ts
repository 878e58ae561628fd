import { describe, expect, it } from "vitest";
import { DEFAULT_JUNK_RULES, junkMatcher } from "../../src/analysis/junk.js";
import { classifyWaste } from "../../src/analysis/waste.js";
import { MergedTree } from "../../src/tree/merge.js";
import type { LayerEntry } from "../../src/tree/types.js";
import { dir, file } from "../tree/entries.js";

function split(layers: LayerEntry[][]) {
  const tree = new MergedTree();
  layers.forEach((layer, i) => tree.applyLayer(i, layer, false));
  return classifyWaste(
    tree,
    layers.map((entries) => ({ entries })),
    junkMatcher(DEFAULT_JUNK_RULES),
  );
}

describe("classifyWaste", () => {
  it("splits every file byte into final, shadowed or deleted", () => {
    const layers = [
      [file("app/v", 100), dir("opt/gone/"), file("opt/gone/a", 30), file("opt/gone/b", 20)],
      [file("app/v", 120, "v2"), file("tmpfile", 7)],
      [file("opt/.wh.gone", 0), file(".wh.tmpfile", 0)],
    ];
    const result = split(layers);
    expect(result.finalBytes).toBe(120);
    expect(result.shadowedBytes).toBe(100);
    expect(result.deletedBytes).toBe(57);
    const total = layers.flat().reduce((sum, e) => sum + e.size, 0);
    expect(result.finalBytes + result.shadowedBytes + result.deletedBytes).toBe(total);
    expect(result.items.map((i) => [i.path, i.kind, i.bytes, i.addedBy, i.removedBy])).toEqual([
      ["/app/v", "shadowed", 100, 0, 1],
      ["/opt/gone/a", "deleted", 30, 0, 2],
      ["/opt/gone/b", "deleted", 20, 0, 2],
      ["/tmpfile", "deleted", 7, 1, 2],
    ]);
  });

  it("counts a file replaced and later removed as deleted, not shadowed", () => {
    const result = split([[file("x", 10)], [file("x", 20, "b")], [file(".wh.x", 0)]]);
    expect(result.shadowedBytes).toBe(0);
    expect(result.deletedBytes).toBe(30);
  });

  it("counts files under a directory replaced by a file as deleted", () => {
    const result = split([[dir("d/"), file("d/in", 10)], [file("d", 3)]]);
    expect(result.deletedBytes).toBe(10);
    expect(result.finalBytes).toBe(3);
  });

  it("flags final files matching junk rules, and only final ones", () => {
    const result = split([
      [file("var/lib/apt/lists/deb.debian.org_Packages", 500), file("tmp/build.log", 40), file("usr/bin/app", 9)],
      [file("var/cache/apt/pkgcache.bin", 300), file("tmp/.wh.build.log", 0), file("src/.git/objects/ab", 12)],
    ]);
    expect(result.junkBytes).toBe(812);
    expect(result.deletedBytes).toBe(40);
    expect(result.items.filter((i) => i.kind === "junk").map((i) => [i.path, i.rule])).toEqual([
      ["/var/lib/apt/lists/deb.debian.org_Packages", "apt-lists"],
      ["/var/cache/apt/pkgcache.bin", "apt-cache"],
      ["/src/.git/objects/ab", "git-dir"],
    ]);
  });
});

describe("bytes no path shows", () => {
  it("counts the content of a whiteout marker or a root entry as deleted, so the split still adds up", () => {
    const layers = [[file("a", 10)], [file(".wh.a", 5), file("", 3)]];
    const result = split(layers);
    expect(result.finalBytes).toBe(0);
    expect(result.deletedBytes).toBe(18);
    expect(result.items.map((i) => [i.path, i.kind, i.removedBy])).toEqual([
      ["/a", "deleted", 1],
      ["/.wh.a", "deleted", 1],
      ["/", "deleted", 1],
    ]);
  });
});
