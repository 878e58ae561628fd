// A bundle-time rewrite of string-width 8 (Ink's measure of every string it draws), used by scripts/bundle.mjs for
// the UI bundle and by test/tui/string-width-patch.test.ts. string-width tests each grapheme of a non-ASCII string
// against /^\p{RGI_Emoji}$/v: building that regular expression costs about 20 ms of CPU, and its first matches
// about 50 ms more (V8 compiles it to bytecode, then to machine code), all before the UI's first frame, whose
// box-drawing characters are non-ASCII. A grapheme of one UTF-16 code unit is an RGI emoji exactly when it has
// the Emoji_Presentation property (checked for all 65,536 by the test), which a small expression tells; the RGI
// one is built only for a longer grapheme. Same widths for every string.

const DECLARATION = "const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;";
const USE = "rgiEmojiRegex.test(segment)";
const LAZY = `let rgiEmojiRegex; // built on first use (layerscope: scripts/string-width-patch.mjs)
const emojiPresentationRegex = /^\\p{Emoji_Presentation}$/u;
const isRgiEmoji = (segment) => segment.length === 1 ? emojiPresentationRegex.test(segment) : (rgiEmojiRegex ??= /^\\p{RGI_Emoji}$/v).test(segment);`;

/** string-width's index.js rewritten, or undefined when it no longer reads as expected. */
export function patchStringWidth(source) {
  if (source.split(DECLARATION).length !== 2 || source.split(USE).length !== 2 || source.split("rgiEmojiRegex").length !== 3) return undefined;
  return source.replace(DECLARATION, LAZY).replace(USE, "isRgiEmoji(segment)");
}
