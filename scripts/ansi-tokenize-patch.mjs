// A bundle-time rewrite of @alcalzone/ansi-tokenize's styledCharsToString (Ink turns every line of every frame
// back into a string with it), used by scripts/bundle.mjs for the UI bundle and by
// test/tui/ansi-tokenize-patch.test.ts. For each character it computes the ANSI codes that lead from the previous
// character's styles to its own (diffAnsiCodes: three Sets, two filters, spreads) and deduplicates them (one more
// Set): about half of the 23 MB the UI's first frame allocates. When both characters carry the same codes in the
// same order that diff is always empty (every code of one is kept by the other, none is new), so it is skipped;
// likewise the closing reset after a character without styles. Same strings for every input.
//
// Two statements of the function are guarded, each found by its own text (it must occur exactly once); the rest of
// the module is left as the package ships it.

const BETWEEN = "ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));";
const AT_END = "ret += ansiCodesToString(diffAnsiCodes(char.styles, []));";

const HELPER = `
/** Whether two style lists hold the same codes in the same order (layerscope: scripts/ansi-tokenize-patch.mjs). */
function layerscopeSameStyles(a, b) {
    if (a === b) return true;
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
        if (a[i].code !== b[i].code || a[i].endCode !== b[i].endCode) return false;
    }
    return true;
}
`;

/** styledChars.js rewritten, or undefined when it no longer reads as expected. */
export function patchStyledChars(source) {
  const once = (text) => source.split(text).length === 2;
  if (!source.includes("export function styledCharsToString(chars)") || !once(BETWEEN) || !once(AT_END)) return undefined;
  return (
    source
      .replace(BETWEEN, `if (!layerscopeSameStyles(chars[i - 1].styles, char.styles)) ${BETWEEN}`)
      .replace(AT_END, `if (char.styles.length > 0) ${AT_END}`) + HELPER
  );
}
