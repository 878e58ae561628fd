/**
 * GraphemeSegmenter splits what ICU's segmenter would split the same way, and hands everything else to ICU.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GraphemeSegmenter, splitsByCodeUnit } from "../../src/tui/grapheme-segmenter.js";

const icu = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const ours = new GraphemeSegmenter(undefined, { granularity: "grapheme" });
const plain = (segments: Iterable<{ segment: string; index: number; input: string }>) =>
  [...segments].map(({ segment, index, input }) => ({ segment, index, input }));

// every code unit the fast path takes
const fastUnits: string[] = [];
for (let unit = 0; unit <= 0xffff; unit++) if (splitsByCodeUnit(String.fromCharCode(unit))) fastUnits.push(String.fromCharCode(unit));

describe("GraphemeSegmenter", () => {
  it("takes the fast path for box drawing, ASCII and Latin-1, and not for marks, joiners, CR or emoji", () => {
    for (const text of ["├─ bin → usr/bin", "▶ 0 117 MB", "café · 1,234", "\x1b[31m│\x1b[39m", "…"]) expect(splitsByCodeUnit(text)).toBe(true);
    for (const text of ["e\u0301", "a\u200db", "a\r\nb", "👍🏽", "🇫🇷", "한국어", "\u0915\u093f"]) expect(splitsByCodeUnit(text)).toBe(false);
    expect(fastUnits.length).toBeGreaterThan(1500);
  });

  it("splits each fast-path character as ICU does, alone and between any neighbours", () => {
    // a grapheme boundary depends on the classes of the two characters around it: each fast-path character
    // must stand alone after and before a letter, and next to itself
    for (const unit of fastUnits) {
      for (const text of [unit, `a${unit}a`, `${unit}${unit}`, `\x1b${unit}\n`]) {
        expect(plain(ours.segment(text)), JSON.stringify(text)).toEqual(plain(icu.segment(text)));
      }
    }
  });

  it("gives the same segments and containing() as ICU on any string", () => {
    const unit = fc.oneof(
      fc.constantFrom(...fastUnits),
      fc.constantFrom("\r", "\n", "\u0301", "\u200d", "\ufe0f", "👍", "🏽", "🇫", "🇷", "한", "\u1100", "\u1161", "\u0915", "\u093f"),
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 24 }), fc.integer({ min: -2, max: 30 }), (units, at) => {
        const text = units.join("");
        expect(plain(ours.segment(text))).toEqual(plain(icu.segment(text)));
        expect(ours.segment(text).containing(at)).toEqual(icu.segment(text).containing(at));
      }),
      { numRuns: 3000 },
    );
  });

  it("passes other granularities to ICU", () => {
    const words = new GraphemeSegmenter("en", { granularity: "word" });
    const text = "box drawing ├─ words";
    expect(plain(words.segment(text))).toEqual(plain(new Intl.Segmenter("en", { granularity: "word" }).segment(text)));
    expect(words.resolvedOptions().granularity).toBe("word");
  });
});
