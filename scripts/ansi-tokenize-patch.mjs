// A bundle-time rewrite of @alcalzone/ansi-tokenize's styledCharsToString (Ink turns every line of every frame
// back into a string with it), used by scripts/bundle.mjs for the UI bundle and by
// test/tui/ansi-tokenize-patch.test.ts. For each character it computes the ANSI codes that lead from the previous
// character's styles to its own (diffAnsiCodes: three Sets, two filters, spreads) and deduplicates them (one more
// Set): about half of the 23 MB the UI's first frame allocates. When both characters carry the same codes in the
// same order that diff is always empty (every code of one is kept by the other, none is new), so it is skipped;
// likewise the closing reset after a character without styles. Same strings for every input.

const ORIGINAL = `export function styledCharsToString(chars) {
    let ret = "";
    for (let i = 0; i < chars.length; i++) {
        const char = chars[i];
        if (i === 0) {
            ret += ansiCodesToString(char.styles);
        }
        else {
            ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));
        }
        ret += char.value;
        // reset active styles at the end of the string
        if (i === chars.length - 1) {
            ret += ansiCodesToString(diffAnsiCodes(char.styles, []));
        }
    }
    return ret;
}`;

const FASTER = `/** Whether two reduced style lists hold the same codes in the same order (layerscope: scripts/ansi-tokenize-patch.mjs). */
function sameStyles(a, b) {
    if (a === b) return true;
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
        if (a[i].code !== b[i].code || a[i].endCode !== b[i].endCode) return false;
    }
    return true;
}
export function styledCharsToString(chars) {
    let ret = "";
    for (let i = 0; i < chars.length; i++) {
        const char = chars[i];
        if (i === 0) {
            ret += ansiCodesToString(char.styles);
        }
        else if (!sameStyles(chars[i - 1].styles, char.styles)) {
            ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));
        }
        ret += char.value;
        // reset active styles at the end of the string
        if (i === chars.length - 1 && char.styles.length > 0) {
            ret += ansiCodesToString(diffAnsiCodes(char.styles, []));
        }
    }
    return ret;
}`;

/** styledChars.js rewritten, or undefined when it no longer reads as expected. */
export function patchStyledChars(source) {
  const normalized = source.replace(/\r\n/g, "\n");
  if (normalized.split(ORIGINAL).length !== 2) return undefined;
  return normalized.replace(ORIGINAL, FASTER);
}
