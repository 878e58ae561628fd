import { describe, expect, it } from "vitest";
import { PathResolver, walkFiles } from "../../src/packages/tree-lookup.js";
import { MergedTree } from "../../src/tree/merge.js";
import { NO_NODE } from "../../src/tree/node-table.js";
import { dir, entry, file } from "../tree/entries.js";

function resolver(entries: ReturnType<typeof entry>[]): PathResolver {
  const tree = new MergedTree();
  tree.applyLayer(0, entries, false);
  return new PathResolver(tree);
}

const symlink = (path: string, linkname: string) => entry(path, { type: "symlink", linkname });

describe("PathResolver", () => {
  it("follows symlinks in the folders on the way (usrmerge), not in the last component, and never climbs above /", () => {
    const paths = resolver([dir("usr/"), dir("usr/bin/"), file("usr/bin/ls", 7), symlink("bin", "usr/bin"), symlink("usr/bin/sh", "dash")]);
    const { tree } = paths;
    expect(tree.pathOf(paths.lookup("/bin/ls"))).toBe("usr/bin/ls");
    expect(tree.metaOf(paths.lookup("/bin/sh")).type).toBe("symlink");
    expect(tree.pathOf(paths.lookup("/../../usr/bin/../bin/ls"))).toBe("usr/bin/ls");
    expect(paths.lookup("/")).toBe(tree.root);
    expect(paths.lookup("/usr/bin/missing")).toBe(NO_NODE);
    expect(paths.lookup("/usr/bin/ls/x")).toBe(NO_NODE);
    expect(paths.pathOf(paths.lookup("/bin/ls"))).toBe("/usr/bin/ls");
  });

  it("gives up on a loop of symlinks through folders (it recursed without end)", () => {
    const paths = resolver([symlink("a", "b/x"), symlink("b", "a/y"), symlink("c", "c")]);
    expect(paths.lookup("/a/z/file")).toBe(NO_NODE);
    expect(paths.lookup("/c/file")).toBe(NO_NODE);
  });

  it("walks the regular files and hardlinks under a folder, pruning folders by name", () => {
    const paths = resolver([
      dir("app/"),
      file("app/a.js", 1),
      dir("app/node_modules/"),
      file("app/node_modules/b.js", 2),
      dir("app/lib/"),
      file("app/lib/c.js", 3),
    ]);
    const found: string[] = [];
    walkFiles(
      paths.tree,
      paths.lookup("/app"),
      (node) => found.push(paths.pathOf(node)),
      (name) => name === "node_modules",
    );
    expect(found.sort()).toEqual(["/app/a.js", "/app/lib/c.js"]);
  });
});
