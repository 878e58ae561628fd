import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { treeOrder } from "../../../src/analysis/hints/build-tools.js";

/** The paths of a tree in the order of a depth-first walk whose children are sorted by name (as treeAt's are). */
function walkOrder(paths: string[]): string[] {
  interface Dir {
    children: Map<string, Dir>;
    path: string;
  }
  const root: Dir = { children: new Map(), path: "" };
  for (const path of paths) {
    let node = root;
    for (const name of path.split("/").slice(1)) {
      let child = node.children.get(name);
      if (!child) node.children.set(name, (child = { children: new Map(), path: `${node.path}/${name}` }));
      node = child;
    }
  }
  const out: string[] = [];
  const visit = (node: Dir): void => {
    for (const name of [...node.children.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      const child = node.children.get(name)!;
      out.push(child.path);
      visit(child);
    }
  };
  visit(root);
  return out;
}

describe("treeOrder", () => {
  it("sorts paths as a walk of the sorted tree visits them", () => {
    const name = fc.string({ unit: fc.constantFrom("a", "b", "-", ".", "0", "é", "~"), minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(fc.array(fc.array(name, { minLength: 1, maxLength: 4 }), { maxLength: 30 }), (lists) => {
        const paths = walkOrder(lists.map((names) => "/" + names.join("/")));
        expect([...paths].reverse().sort(treeOrder)).toEqual(paths);
      }),
      { numRuns: 2000 },
    );
  });

  it("puts a directory's paths before a sibling whose name extends its own", () => {
    expect(["/usr/a-c", "/usr/a/b", "/usr/a"].sort(treeOrder)).toEqual(["/usr/a", "/usr/a/b", "/usr/a-c"]);
  });
});
