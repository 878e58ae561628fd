/**
 * The UI bundle's styledCharsToString (scripts/ansi-tokenize-patch.mjs) gives the same strings as
 * @alcalzone/ansi-tokenize's own, on lines styled the way Ink styles them and on arbitrary ANSI input.
 */
import { styledCharsFromTokens, styledCharsToString, tokenize } from "@alcalzone/ansi-tokenize";
import fc from "fast-check";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain JavaScript build script, without declarations
import { patchStyledChars } from "../../scripts/ansi-tokenize-patch.mjs";

const original = join(process.cwd(), "node_modules/@alcalzone/ansi-tokenize/build/styledChars.js");
let patchedToString: typeof styledCharsToString;

beforeAll(async () => {
  const patched = (patchStyledChars as (text: string) => string | undefined)(readFileSync(original, "utf8"));
  expect(patched).toBeDefined();
  // in a temporary directory, its relative imports pointed at the package's own modules
  const file = join(mkdtempSync(join(tmpdir(), "layerscope-ansi-tokenize-")), "styledChars.mjs");
  writeFileSync(
    file,
    patched!
      .replace(/\/\/# sourceMappingURL=.*$/m, "")
      .replace(/from "\.\/([\w.-]+)"/g, (_, name: string) => `from ${JSON.stringify(pathToFileURL(join(dirname(original), name)).href)}`),
  );
  patchedToString = ((await import(/* @vite-ignore */ pathToFileURL(file).href)) as { styledCharsToString: typeof styledCharsToString }).styledCharsToString;
});

const SGR = [
  "\x1b[0m",
  "\x1b[1m",
  "\x1b[2m",
  "\x1b[22m",
  "\x1b[3m",
  "\x1b[23m",
  "\x1b[4m",
  "\x1b[24m",
  "\x1b[7m",
  "\x1b[27m",
  "\x1b[31m",
  "\x1b[32m",
  "\x1b[39m",
  "\x1b[42m",
  "\x1b[49m",
  "\x1b[38;5;208m",
  "\x1b[48;2;1;2;3m",
];

describe("styledCharsToString as the UI bundle ships it", () => {
  it("is rewritten from the installed package", () => {
    expect(patchedToString).toBeTypeOf("function");
    expect(patchStyledChars("export function other() {}")).toBeUndefined();
  });

  it("turns styled characters back into the same string", () => {
    const piece = fc.oneof(fc.constantFrom(...SGR), fc.string({ unit: "grapheme", maxLength: 5 }), fc.constantFrom("├─ ", "│", "▾ ", "…", "👍🏽", "한"));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), (pieces) => {
        const chars = styledCharsFromTokens(tokenize(pieces.join("")));
        expect(patchedToString(chars)).toBe(styledCharsToString(chars));
        // Ink also passes lines it has cut and spliced: a slice of the characters
        const part = chars.slice(1, -1);
        expect(patchedToString(part)).toBe(styledCharsToString(part));
      }),
      { numRuns: 3000 },
    );
  });

  it("gives the same string where two characters have equal styles in separate arrays", () => {
    const bold = { type: "ansi", code: "\x1b[1m", endCode: "\x1b[22m" } as const;
    const red = { type: "ansi", code: "\x1b[31m", endCode: "\x1b[39m" } as const;
    const chars = [
      { type: "char", value: "a", fullWidth: false, styles: [bold, red] },
      { type: "char", value: "b", fullWidth: false, styles: [{ ...bold }, { ...red }] },
      { type: "char", value: "c", fullWidth: false, styles: [red, bold] },
      { type: "char", value: "d", fullWidth: false, styles: [] },
    ] as Parameters<typeof styledCharsToString>[0];
    expect(patchedToString(chars)).toBe(styledCharsToString(chars));
  });

  it("gives the same string where the number of styles changes, however many there are", () => {
    const many = "\x1b[1m\x1b[3m\x1b[4m\x1b[7m\x1b[31m\x1b[42m";
    for (const text of [`${many}ab\x1b[24mcd\x1b[0me`, `a\x1b[1mb\x1b[31mc\x1b[22md`, `${many}x\x1b[0m`]) {
      const chars = styledCharsFromTokens(tokenize(text));
      expect(patchedToString(chars), JSON.stringify(text)).toBe(styledCharsToString(chars));
    }
  });
});
