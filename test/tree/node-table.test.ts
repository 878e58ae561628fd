import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { NodeMeta } from "../../src/tree/types.js";
import { NO_NODE, NodeTable } from "../../src/tree/node-table.js";

const META: NodeMeta = { type: "dir", mode: 0o755, uid: 0, gid: 0, size: 0, mtime: 0, linkname: "" };

/** The children of a node, in their list's order */
const childrenOf = (table: NodeTable, node: number): number[] => {
  const out: number[] = [];
  for (let child = table.firstChild[node]; child !== NO_NODE; child = table.next[child]) out.push(child);
  return out;
};

describe("NodeTable", () => {
  it("finds each node by its path, keeps children in the order added, and unlinks from either end or the middle", () => {
    const table = new NodeTable();
    const root = table.add(NO_NODE, "", META, -1, -1);
    const [a, b, c] = ["a", "b", "c"].map((name) => table.add(root, name, META, 0, -1));
    expect([table.find(""), table.find("a"), table.find("c"), table.find("d")]).toEqual([root, a, c, NO_NODE]);
    expect(childrenOf(table, root)).toEqual([a, b, c]);
    table.unlink(b);
    expect(childrenOf(table, root)).toEqual([a, c]);
    table.unlink(a);
    table.unlink(c);
    expect(childrenOf(table, root)).toEqual([]);
    const d = table.add(root, "d", META, 1, -1);
    expect(childrenOf(table, root)).toEqual([d]);
    expect(table.lastChild[root]).toBe(d);
  });

  it("answers as a Map of path → id through any run of additions and removals, across growth", () => {
    const step = fc.oneof(fc.record({ add: fc.integer({ min: 0, max: 400 }) }), fc.record({ forget: fc.integer({ min: 0, max: 400 }) }));
    fc.assert(
      fc.property(fc.array(step, { maxLength: 600 }), (steps) => {
        const table = new NodeTable();
        const root = table.add(NO_NODE, "", META, -1, -1);
        const dir = table.add(root, "p", META, -1, -1);
        const reference = new Map<string, number>([
          ["", root],
          ["p", dir],
        ]);
        for (const s of steps) {
          const path = `p/${"add" in s ? s.add : s.forget}`;
          if ("add" in s && !reference.has(path)) reference.set(path, table.add(dir, path, META, 0, -1));
          if ("forget" in s && reference.has(path)) {
            table.forget(reference.get(path)!);
            reference.delete(path);
          }
        }
        expect(table.size).toBe(reference.size);
        for (let i = 0; i <= 400; i++) {
          const expected = reference.get(`p/${i}`) ?? NO_NODE;
          expect(table.find(`p/${i}`)).toBe(expected);
          expect(table.findChild(dir, `p/${i}`, 2)).toBe(expected);
          expect(table.findChild(dir, String(i), 0)).toBe(expected);
        }
        expect(table.findChild(root, "p", 0)).toBe(dir);
        expect(table.findChild(dir, "p", 0)).toBe(NO_NODE);
      }),
      { numRuns: 300 },
    );
  });

  it("makes room for a layer at once", () => {
    const table = new NodeTable();
    table.reserve(100_000);
    const before = table.parent;
    const root = table.add(NO_NODE, "", META, -1, -1);
    for (let i = 0; i < 99_999; i++) table.add(root, `f${i}`, META, 0, i);
    expect(table.parent).toBe(before);
    expect(table.find("f99998")).toBe(99_999);
    expect(table.record[table.find("f5")]).toBe(5);
  });
});
