import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonChunks, LazyJsonArray } from "../../src/report/json-stream.js";

describe("jsonChunks", () => {
  it("writes what JSON.stringify(value, null, 2) writes, for any JSON value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect([...jsonChunks(value)].join("")).toBe(JSON.stringify(value, null, 2));
      }),
    );
  });

  it("skips undefined properties and writes undefined array items as null, as JSON.stringify does", () => {
    const value = { a: undefined, b: [undefined, 1], c: { d: undefined }, e: Number.NaN };
    expect([...jsonChunks(value)].join("")).toBe(JSON.stringify(value, null, 2));
  });

  it("makes the items of a lazy array only as they are written", () => {
    let made = 0;
    const count = 20_000;
    function* items(): Generator<{ n: number }> {
      for (let n = 0; n < count; n++) {
        made++;
        yield { n };
      }
    }
    const chunks = jsonChunks({ list: new LazyJsonArray(items), empty: new LazyJsonArray(() => []) });
    const seen: string[] = [];
    const madeAtChunk: number[] = [];
    for (const chunk of chunks) {
      seen.push(chunk);
      madeAtChunk.push(made);
    }
    // the first chunk left the list while it was still being made: the items were not made all at once
    expect(madeAtChunk[0]).toBeLessThan(count / 4);
    expect(madeAtChunk.length).toBeGreaterThan(4);
    expect(JSON.parse(seen.join(""))).toEqual({ list: Array.from({ length: count }, (_, n) => ({ n })), empty: [] });
  });

  it("writes objects with toJSON, long arrays and deep values as JSON.stringify does", () => {
    const value = {
      date: new Date(0),
      custom: { toJSON: () => ({ a: [1, { b: 2 }] }) },
      long: Array.from({ length: 200 }, (_, i) => ({ i, s: `x\n${i}\u2028` })),
      deep: { a: { b: { c: { d: [1, [2, [3]]] } } } },
      fn: () => 1,
    };
    expect([...jsonChunks(value)].join("")).toBe(JSON.stringify(value, null, 2));
    expect([...jsonChunks([value, value], "")].join("")).toBe(JSON.stringify([value, value], null, 2));
  });
});
