import type { Key } from "ink";

/** The canonical key name (see keymap.ts) of one Ink key event, or undefined for input we ignore (pastes, alt+…). */
export function keyName(input: string, key: Key): string | undefined {
  if (key.upArrow) return "up";
  if (key.downArrow) return "down";
  if (key.leftArrow) return "left";
  if (key.rightArrow) return "right";
  if (key.pageUp) return "pgup";
  if (key.pageDown) return "pgdn";
  if (key.home) return "home";
  if (key.end) return "end";
  if (key.return) return "enter";
  if (key.escape) return "esc";
  if (key.tab) return key.shift ? "shift+tab" : "tab";
  if (key.backspace) return "backspace";
  if (key.delete) return "delete";
  if (key.ctrl) {
    // ctrl+space arrives as NUL, which Ink's parser names "`"
    if (input === "`" || input === " " || input === "@") return "ctrl+space";
    if (/^[a-z]$/.test(input)) return `ctrl+${input}`;
    return undefined;
  }
  if (input === " ") return "space";
  if (key.meta) return undefined;
  if ([...input].length === 1 && input >= " ") return input;
  return undefined;
}

/** The key name of one byte sent by a terminal (used when several keys arrive in one chunk). */
function charKey(ch: string): string | undefined {
  const code = ch.codePointAt(0) ?? 0;
  if (ch === " ") return "space";
  if (ch === "\t") return "tab";
  if (ch === "\r" || ch === "\n") return "enter";
  if (ch === "\x7f" || ch === "\b") return "backspace";
  if (ch === "\x1b") return "esc";
  if (code === 0) return "ctrl+space";
  if (code <= 26) return `ctrl+${String.fromCharCode(code + 96)}`;
  return code >= 32 ? ch : undefined;
}

/**
 * Key names of one Ink input event: several when keys typed quickly arrive as one chunk (`jjj`, `jj\x01`, ESC and a
 * key), which Ink passes on whole.
 */
export function keyNames(input: string, key: Key): string[] {
  const chars = [...input];
  if (chars.length > 1 && !key.meta && !chars.includes("\x1b")) {
    return chars.map(charKey).filter((name): name is string => name !== undefined);
  }
  // ESC then a key, arrived together (a busy UI reads both at once), is what a terminal sends for alt+key: the UI
  // binds no alt key, so it is the two keys (`Esc` `q` closes the overlay, then quits)
  if (key.meta && !key.ctrl && !key.escape && chars.length === 1 && input >= " ") return ["esc", input === " " ? "space" : input];
  const one = keyName(input, key);
  return one === undefined ? [] : [one];
}
