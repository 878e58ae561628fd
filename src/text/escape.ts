/**
 * Characters no output may carry raw: C0 and C1 controls (ESC, BEL, CSI…), line and paragraph separators, and the
 * bidirectional controls (U+202E makes `exe.txt` of `txt.exe`). Every output escapes exactly these, each in its
 * own syntax: `printable` for text, Markdown, the UI and the HTML page, `\uXXXX` in JSON, `&#xXXXX;` in XML.
 */
export const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

/**
 * A name fit for a one-line message or report: the UNSAFE_CHARACTERS (newlines, escape sequences, bidi overrides
 * a hostile image may put in a name or tag) are written as `\xNN` or `\uNNNN`, so they can neither break the line,
 * drive the terminal nor reorder what is shown.
 */
export function printable(name: string): string {
  return name.replace(UNSAFE_CHARACTERS, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16)}`;
  });
}

/** JSON text with the UNSAFE_CHARACTERS written as `\uXXXX` (JSON.stringify escapes C0 only, leaves C1 and bidi raw). */
export function safeJson(json: string): string {
  return json.replace(/[\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
