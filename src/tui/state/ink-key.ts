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
