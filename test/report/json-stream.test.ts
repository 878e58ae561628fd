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
    function* items(): Generator<{ n: number }> {
      for (let n = 0; n < 3; n++) {
        made++;
        yield { n };
      }
    }
    const chunks = jsonChunks({ list: new LazyJsonArray(items), empty: new LazyJsonArray(() => []) });
    const seen: string[] = [];
    for (const chunk of chunks) {
      seen.push(chunk);
      if (chunk.includes('"n"') && made === 1) expect(seen.join("")).not.toContain('"n": 1');
    }
    expect(JSON.parse(seen.join(""))).toEqual({ list: [{ n: 0 }, { n: 1 }, { n: 2 }], empty: [] });
  });
});
