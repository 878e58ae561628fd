/**
 * The UI bundle's string-width (scripts/string-width-patch.mjs) gives the same widths as string-width itself.
 */
import fc from "fast-check";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import stringWidth from "string-width";
import { beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain JavaScript build script, without declarations
import { patchStringWidth } from "../../scripts/string-width-patch.mjs";

const original = join(process.cwd(), "node_modules/string-width/index.js");
let patchedWidth: typeof stringWidth;

beforeAll(async () => {
  const source = readFileSync(original, "utf8");
  const patched = (patchStringWidth as (text: string) => string | undefined)(source);
  expect(patched).toBeDefined();
  // the patched module beside a temporary directory, its imports resolved from string-width's own place
  const resolve = createRequire(original).resolve;
  const code = patched!
    .replace("from 'strip-ansi'", `from ${JSON.stringify(pathToFileURL(resolve("strip-ansi")).href)}`)
    .replace("from 'get-east-asian-width'", `from ${JSON.stringify(pathToFileURL(resolve("get-east-asian-width")).href)}`);
  const file = join(mkdtempSync(join(tmpdir(), "layerscope-string-width-")), "index.mjs");
  writeFileSync(file, code);
  patchedWidth = ((await import(/* @vite-ignore */ pathToFileURL(file).href)) as { default: typeof stringWidth }).default;
});

describe("string-width as the UI bundle ships it", () => {
  it("is rewritten from the installed string-width", () => {
    expect(patchedWidth).toBeTypeOf("function");
    expect(patchStringWidth("const other = 1;")).toBeUndefined();
  });

  it("measures every single UTF-16 code unit, alone and among others, as string-width does", () => {
    // one expect for all (131,072 calls of expect took seconds): the code units measured otherwise, if any
    const differ: string[] = [];
    for (let unit = 0; unit <= 0xffff; unit++) {
      const text = String.fromCharCode(unit);
      for (const sample of [text, `├─ ${text}x`]) {
        if (patchedWidth(sample) !== stringWidth(sample)) differ.push(`${unit.toString(16)} in ${JSON.stringify(sample)}`);
      }
    }
    expect(differ).toEqual([]);
  });

  it("measures any string as string-width does, emoji sequences included", () => {
    const piece = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 6 }),
      fc.string({ unit: "binary", maxLength: 6 }),
      fc.constantFrom("👍🏽", "👨‍👩‍👧", "🇫🇷", "1️⃣", "#⃣", "❤️", "⌚", "☺", "한국어", "ᄀᄀ", "e\u0301", "\x1b[31m", "│", "─"),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), fc.boolean(), (pieces, ambiguousIsNarrow) => {
        const text = pieces.join("");
        expect(patchedWidth(text, { ambiguousIsNarrow })).toBe(stringWidth(text, { ambiguousIsNarrow }));
      }),
      { numRuns: 2000 },
    );
  });
});
