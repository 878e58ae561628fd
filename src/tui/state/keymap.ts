/**
 * Key bindings: action names (Dive's names where Dive has one) → canonical key names.
 * Canonical key names: a single printable character as typed (`q`, `G`, `/`, `?`), or one of
 * up down left right pgup pgdn home end tab shift+tab enter esc space backspace delete,
 * `ctrl+<letter>` and `ctrl+space`.
 */
import { ConfigError } from "../../config/errors.js";

export type Scope = "global" | "list" | "layers" | "tree" | "waste" | "packages" | "hints" | "viewer";

export interface ActionSpec {
  keys: readonly string[];
  scope: Scope;
  help: string;
}

export const ACTIONS = {
  quit: { keys: ["q", "ctrl+c"], scope: "global", help: "quit" },
  "toggle-view": { keys: ["tab"], scope: "global", help: "switch pane (layers / file tree)" },
  help: { keys: ["?"], scope: "global", help: "show or hide this help" },
  "filter-files": { keys: ["ctrl+f", "/"], scope: "global", help: "filter paths (regex or substring); enter keeps, esc clears" },
  "toggle-waste": { keys: ["w"], scope: "global", help: "waste list, largest first" },
  "toggle-packages": { keys: ["p"], scope: "global", help: "installed packages (deb, apk, rpm, python, npm) and their bytes" },
  "toggle-hints": { keys: ["f"], scope: "global", help: "hints and their fixes (with --dockerfile: the patch `layerscope fix` makes)" },
  up: { keys: ["up", "k"], scope: "list", help: "move up" },
  down: { keys: ["down", "j"], scope: "list", help: "move down" },
  "page-up": { keys: ["pgup", "u"], scope: "list", help: "page up" },
  "page-down": { keys: ["pgdn", "d"], scope: "list", help: "page down" },
  first: { keys: ["home", "g"], scope: "list", help: "first row" },
  last: { keys: ["end", "G"], scope: "list", help: "last row" },
  "compare-all": { keys: ["ctrl+a"], scope: "layers", help: "show changes aggregated over layers 1..n" },
  "compare-layer": { keys: ["ctrl+l"], scope: "layers", help: "show this layer's changes only" },
  "collapse-dir": { keys: ["left", "h"], scope: "tree", help: "collapse directory, or go to parent" },
  "expand-dir": { keys: ["right", "l"], scope: "tree", help: "expand directory, or go to first child" },
  "view-file": { keys: ["enter", "v"], scope: "tree", help: "view the file's contents; on a directory: collapse / expand it" },
  "toggle-collapse-dir": { keys: ["space"], scope: "tree", help: "collapse / expand directory" },
  "toggle-collapse-all-dir": { keys: ["ctrl+space"], scope: "tree", help: "collapse / expand all directories" },
  "toggle-added-files": { keys: ["ctrl+a"], scope: "tree", help: "show / hide added files" },
  "toggle-removed-files": { keys: ["ctrl+r"], scope: "tree", help: "show / hide removed files" },
  // not Dive's ctrl+m: a terminal sends ctrl+m as enter's byte, and enter folds a directory
  "toggle-modified-files": { keys: ["ctrl+e"], scope: "tree", help: "show / hide modified (edited) files" },
  "toggle-unmodified-files": { keys: ["ctrl+u"], scope: "tree", help: "show / hide unmodified files" },
  "toggle-filetree-attributes": { keys: ["ctrl+b"], scope: "tree", help: "show / hide attributes (mode, uid:gid, size)" },
  "toggle-sort-order": { keys: ["ctrl+o"], scope: "tree", help: "sort by name / by size" },
  "cycle-min-file-size": { keys: ["s"], scope: "tree", help: "hide files smaller than 1 MB / 10 MB / 100 MB / off (folders keep full sizes)" },
  "jump-to-path": { keys: ["enter"], scope: "waste", help: "open the path in the tree at the layer that added it" },
  "packages-sort": { keys: ["s"], scope: "packages", help: "packages: sort by bytes / by name" },
  "packages-layer": { keys: ["l"], scope: "packages", help: "packages: the whole image / the selected layer's only" },
  "open-package": { keys: ["enter"], scope: "packages", help: "show the package's files in the tree" },
  "diff-file": { keys: ["D"], scope: "tree", help: "diff the file with its version in the layer below" },
  "extract-path": { keys: ["e"], scope: "tree", help: "extract the file or directory into the working directory (asks first)" },
  "copy-path": { keys: ["y"], scope: "global", help: "copy the selected path to the clipboard (OSC 52)" },
  "mark-range": { keys: ["m"], scope: "layers", help: "mark a layer range: here, then at its other end (net changes and totals)" },
  "viewer-hex": { keys: ["x"], scope: "viewer", help: "viewer: text / hex" },
  "viewer-diff": { keys: ["D"], scope: "viewer", help: "viewer: contents / diff with the layer below" },
  "open-hint": { keys: ["enter"], scope: "hints", help: "open the hint's layer (and its path) in the tree" },
  close: { keys: ["esc"], scope: "global", help: "close overlay" },
} as const satisfies Record<string, ActionSpec>;

export type ActionName = keyof typeof ACTIONS;
export const ACTION_NAMES = Object.keys(ACTIONS) as ActionName[];

export type KeyMap = ReadonlyMap<ActionName, readonly string[]>;

/** A bad `keys:` entry: a ConfigError, so the CLI prints it as the user's mistake (exit status 2). */
export class KeyBindingError extends ConfigError {
  constructor(message: string) {
    super(`keys: ${message}`);
    this.name = "KeyBindingError";
  }
}

const NAMED: Record<string, string> = {
  up: "up", down: "down", left: "left", right: "right",
  pgup: "pgup", pageup: "pgup", pgdn: "pgdn", pgdown: "pgdn", pagedown: "pgdn",
  home: "home", end: "end", tab: "tab", "shift+tab": "shift+tab",
  enter: "enter", return: "enter", esc: "esc", escape: "esc", space: "space",
  backspace: "backspace", delete: "delete", del: "delete",
};

/** Terminals send the same byte for these, so a binding to either means both (help lists them). */
export const SAME_BYTE: Readonly<Record<string, string>> = {
  "ctrl+m": "enter",
  "ctrl+j": "enter",
  "ctrl+i": "tab",
  "ctrl+h": "backspace",
  "ctrl+[": "esc",
};

/** The canonical form of a key written in a config file (`Ctrl+A`, `ctrl-a`, `PageUp`, `G`); throws on nonsense. */
export function canonicalKey(written: string): string {
  if (written === " ") return "space";
  if ([...written].length === 1) {
    if (written < " " || written === "\x7f") throw new KeyBindingError(`key ${JSON.stringify(written)} is a control character; write it as ctrl+<letter>`);
    return written;
  }
  const lower = written.trim().toLowerCase().replace(/^(ctrl|control|c)-/, "ctrl+").replace(/^control\+/, "ctrl+");
  if (NAMED[lower]) return NAMED[lower];
  const ctrl = /^ctrl\+(.+)$/.exec(lower);
  if (ctrl) {
    const rest = ctrl[1];
    if (rest === "space" || rest === " ") return "ctrl+space";
    if (/^[a-z]$/.test(rest) || rest === "[") {
      const key = `ctrl+${rest}`;
      return SAME_BYTE[key] ?? key;
    }
  }
  throw new KeyBindingError(`unknown key "${written}" (use a character, ctrl+<letter>, ctrl+space, or one of ${Object.keys(NAMED).join(", ")})`);
}

/** Defaults with the user's bindings laid over them: a listed action gets exactly the keys given. */
export function buildKeyMap(overrides: Record<string, string | string[]> = {}): KeyMap {
  const map = new Map<ActionName, readonly string[]>();
  for (const name of ACTION_NAMES) map.set(name, ACTIONS[name].keys.map(canonicalKey));
  for (const [name, keys] of Object.entries(overrides)) {
    if (!(name in ACTIONS)) {
      throw new KeyBindingError(`unknown key action "${name}" (known: ${ACTION_NAMES.join(", ")})`);
    }
    const list = (Array.isArray(keys) ? keys : [keys]).map(canonicalKey);
    if (list.length === 0) throw new KeyBindingError(`key action "${name}" has no keys`);
    map.set(name as ActionName, list);
  }
  return map;
}

/** The scopes searched for a key, most specific first. */
export type KeyContext = "layers" | "tree" | "waste" | "packages" | "hints" | "help" | "viewer" | "range";

export function scopesFor(context: KeyContext): Scope[] {
  switch (context) {
    case "layers":
      return ["layers", "list", "global"];
    case "tree":
      return ["tree", "list", "global"];
    case "waste":
      return ["waste", "list", "global"];
    case "packages":
      return ["packages", "list", "global"];
    case "hints":
      return ["hints", "list", "global"];
    case "help":
    case "range":
      return ["list", "global"];
    case "viewer":
      return ["viewer", "list", "global"];
  }
}

export function actionFor(keyMap: KeyMap, key: string, context: KeyContext): ActionName | undefined {
  for (const scope of scopesFor(context)) {
    for (const [name, keys] of keyMap) {
      if (ACTIONS[name].scope !== scope) continue;
      if (keys.includes(key)) return name;
    }
  }
  return undefined;
}

/** `ctrl+a` → `^A`, `pgdn` → `PgDn`, for the status line and help. */
export function displayKey(key: string): string {
  const ctrl = /^ctrl\+(.+)$/.exec(key);
  if (ctrl) return ctrl[1] === "space" ? "^Space" : `^${ctrl[1].toUpperCase()}`;
  const names: Record<string, string> = {
    up: "↑", down: "↓", left: "←", right: "→", pgup: "PgUp", pgdn: "PgDn", home: "Home", end: "End",
    tab: "Tab", "shift+tab": "S-Tab", enter: "Enter", esc: "Esc", space: "Space", backspace: "Bksp", delete: "Del",
  };
  return names[key] ?? key;
}
