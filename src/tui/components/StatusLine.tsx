import React from "react";
import { Text } from "ink";
import { displayKey, type ActionName, type KeyMap } from "../state/keymap.js";
import { fit, padEnd } from "../state/format.js";

type Context = "layers" | "tree" | "waste" | "help";

const SHOWN: Record<Context, [ActionName, string][]> = {
  layers: [["toggle-view", "tree"], ["down", "layer"], ["compare-all", "aggregated"], ["compare-layer", "this layer"], ["toggle-waste", "waste"], ["filter-files", "filter"], ["help", "help"], ["quit", "quit"]],
  tree: [["toggle-view", "layers"], ["toggle-collapse-dir", "fold"], ["toggle-collapse-all-dir", "fold all"], ["toggle-added-files", "added"], ["toggle-removed-files", "removed"], ["toggle-modified-files", "modified"], ["toggle-unmodified-files", "unmodified"], ["toggle-filetree-attributes", "attrs"], ["toggle-sort-order", "sort"], ["filter-files", "filter"], ["help", "help"], ["quit", "quit"]],
  waste: [["jump-to-path", "show in tree"], ["close", "back"], ["help", "help"], ["quit", "quit"]],
  help: [["up", "scroll"], ["close", "back"], ["quit", "quit"]],
};

/** The keys that work where the keyboard is, as bound (rebinding shows). */
export function StatusLine({ context, keyMap, width, note }: { context: Context; keyMap: KeyMap; width: number; note?: string }): React.JSX.Element {
  const parts = SHOWN[context].map(([action, label]) => {
    const keys = keyMap.get(action) ?? [];
    const key = action === "down" || action === "up" ? "↑↓" : keys.length > 0 ? displayKey(keys[0]) : "";
    return `${key} ${label}`;
  });
  const text = (note ? `${note}  ` : "") + parts.join("  ");
  return (
    <Text inverse wrap="truncate">
      {padEnd(fit(" " + text, width), width)}
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
