import { describe, expect, it } from "vitest";
import { compareTreePaths, DiveLayer, findSorted } from "../../src/analysis/dive-layer.js";
import { dir, file } from "../tree/entries.js";

const nodes = (layer: DiveLayer) => layer.paths.map((path, i) => ({ path, dir: layer.dirs[i] === 1, size: layer.sizes[i], holds: layer.ends[i] - i - 1 }));

describe("compareTreePaths", () => {
  it("orders as a walk with sorted names: a directory's contents before a sibling that extends its name", () => {
    const paths = ["a-", "a/b", "a", "b", "a/b/c", "a.b", "a/a"];
    expect(paths.sort(compareTreePaths)).toEqual(["a", "a/a", "a/b", "a/b/c", "a-", "a.b", "b"]);
    expect(findSorted(paths, "a/b/c")).toBe(3);
    expect(findSorted(paths, "a/c")).toBe(-1);
  });
});

describe("DiveLayer", () => {
  it("lists the nodes in walk order, implied parents as size-0 non-directories", () => {
    const layer = DiveLayer.of([file("x/y/z", 5), dir("x/"), file("a-", 1), file("a/b", 2)]);
    expect(nodes(layer)).toEqual([
      { path: "a", dir: false, size: 0, holds: 1 },
      { path: "a/b", dir: false, size: 2, holds: 0 },
      { path: "a-", dir: false, size: 1, holds: 0 },
      { path: "x", dir: true, size: 0, holds: 2 },
      { path: "x/y", dir: false, size: 0, holds: 1 },
      { path: "x/y/z", dir: false, size: 5, holds: 0 },
    ]);
    expect(layer.subtreeSize(layer.find("x"))).toBe(5);
    expect(layer.find("x/y/z")).toBe(5);
    expect(layer.find("y")).toBe(-1);
  });

  it("keeps the last entry of a path, and what earlier entries made below it", () => {
    const layer = DiveLayer.of([file("d/f", 3), file("d", 7), dir("d/"), file("d", 9)]);
    expect(nodes(layer)).toEqual([
      { path: "d", dir: false, size: 9, holds: 1 },
      { path: "d/f", dir: false, size: 3, holds: 0 },
    ]);
  });

  it("makes no node named .wh..wh.*, but the parents a path makes before it", () => {
    const layer = DiveLayer.of([file("p/.wh..wh..opq", 0), file("q/.wh..wh.x/r", 4), file(".wh..wh.top/s", 1)]);
    expect(nodes(layer)).toEqual([
      { path: "p", dir: false, size: 0, holds: 0 },
      { path: "q", dir: false, size: 0, holds: 0 },
    ]);
  });
});
