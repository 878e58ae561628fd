import React from "react";
import { Text } from "ink";
import { displayKey, type ActionName, type KeyMap } from "../state/keymap.js";
import { fit, padEnd } from "../state/format.js";

type Context = "layers" | "tree" | "waste" | "packages" | "hints" | "help" | "viewer" | "range";

type Item = [ActionName | ActionName[], string];

const SHOWN: Record<Context, Item[]> = {
  layers: [["toggle-view", "tree"], [["up", "down"], "layer"], ["compare-all", "aggregated"], ["compare-layer", "this layer"], ["mark-range", "range"], ["toggle-waste", "waste"], ["filter-files", "filter"], ["help", "help"], ["quit", "quit"]],
  tree: [
    ["toggle-view", "layers"], ["toggle-collapse-dir", "fold"], ["toggle-collapse-all-dir", "all"],
    [["toggle-added-files", "toggle-removed-files", "toggle-modified-files", "toggle-unmodified-files"], "hide +-~="],
    ["view-file", "view"], ["diff-file", "diff"], ["extract-path", "extract"], ["copy-path", "copy"],
    ["toggle-filetree-attributes", "attrs"], ["toggle-sort-order", "sort"], ["filter-files", "filter"], ["toggle-waste", "waste"], ["help", "help"], ["quit", "quit"],
  ],
  waste: [[["up", "down"], "move"], ["jump-to-path", "show in tree"], ["close", "back"], ["help", "help"], ["quit", "quit"]],
  hints: [[["up", "down"], "move"], ["open-hint", "layer in tree"], ["close", "back"], ["help", "help"], ["quit", "quit"]],
  packages: [[["up", "down"], "move"], ["open-package", "files in tree"], ["packages-sort", "sort"], ["packages-layer", "image/layer"], ["close", "back"], ["help", "help"], ["quit", "quit"]],
  help: [[["up", "down"], "scroll"], ["close", "back"], ["quit", "quit"]],
  viewer: [[["up", "down"], "scroll"], ["viewer-hex", "text/hex"], ["viewer-diff", "diff"], ["copy-path", "copy path"], ["close", "back"], ["help", "help"], ["quit", "quit"]],
  range: [[["up", "down"], "move"], ["close", "back"], ["help", "help"], ["quit", "quit"]],
};

/** Quit and help first, so that they survive truncation on narrow terminals. */
function rank([action]: Item): number {
  return action === "quit" ? 0 : action === "help" ? 1 : 2;
}

function firstKey(keyMap: KeyMap, action: ActionName): string {
  const keys = keyMap.get(action) ?? [];
  return keys.length > 0 ? displayKey(keys[0]) : "";
}

/** The keys that work where the keyboard is, as bound (rebinding shows). */
export function StatusLine({ context, keyMap, width }: { context: Context; keyMap: KeyMap; width: number }): React.JSX.Element {
  const items = [...SHOWN[context]].sort((a, b) => rank(a) - rank(b));
  const parts = items.map(([actions, label]) => {
    const keys = Array.isArray(actions) ? actions.map((a) => firstKey(keyMap, a)).join(actions.length === 2 ? "" : " ") : firstKey(keyMap, actions);
    return `${keys} ${label}`;
  });
  return (
    <Text inverse wrap="truncate">
      {padEnd(fit(" " + parts.join("  "), width), width)}
    </Text>
  );
}

export function FilterBar({ text, matches, width }: { text: string; matches: string; width: number }): React.JSX.Element {
  return (
    <Text inverse wrap="truncate">
      {padEnd(fit(` Filter: ${text}▏  ${matches}  (enter keep · esc clear)`, width), width)}
    </Text>
  );
}
