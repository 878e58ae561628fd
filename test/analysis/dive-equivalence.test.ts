import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeDiveFigures } from "../../src/analysis/dive.js";
import type { LayerEntry } from "../../src/tree/types.js";
import { dir, file } from "../tree/entries.js";
import { referenceDiveFigures } from "./dive-reference.js";

// Small name pools make layers collide on paths, whiteouts hit (and miss) lower paths, and files replace dirs.
// "a-" sorts after "a" but before what "a/" holds would if "/" were an ordinary character; ".wh." removes nothing.
const name = fc.constantFrom("a", "b", "c", "a-", ".wh.a", ".wh.b", ".wh.c", ".wh.a-", ".wh.", ".wh..wh..opq");
const entryArb: fc.Arbitrary<LayerEntry> = fc
  .tuple(fc.array(name, { minLength: 1, maxLength: 4 }), fc.boolean(), fc.integer({ min: 0, max: 50 }))
  .map(([names, isDir, size]) => (isDir ? dir(names.join("/") + "/") : file(names.join("/"), size)));
const layersArb = fc.array(fc.record({ entries: fc.array(entryArb, { maxLength: 8 }), readsEmpty: fc.boolean() }), {
  minLength: 1,
  maxLength: 6,
});

describe("Dive's model", () => {
  it("gives exactly the figures of the straightforward reference implementation", () => {
    fc.assert(
      fc.property(layersArb, (layers) => {
        expect(computeDiveFigures(layers)).toEqual(referenceDiveFigures(layers));
      }),
      { numRuns: Number(process.env.DIVE_RUNS ?? 3000) },
    );
  });
});
