import React from "react";
import { Box, Text } from "ink";
import { ACTIONS, ACTION_NAMES, displayKey, SAME_BYTE, type KeyMap, type Scope } from "../state/keymap.js";
import { fit, padEnd } from "../state/format.js";
import { PaneTitle } from "./PaneTitle.js";

const GROUPS: [Scope, string][] = [
  ["global", "Everywhere"],
  ["list", "Lists"],
  ["layers", "Layers pane"],
  ["tree", "File tree pane"],
  ["waste", "Waste list"], ["viewer", "File viewer"],
  ["packages", "Packages list"],
  ["hints", "Hints list"],
];

export function helpLines(keyMap: KeyMap): string[] {
  const lines: string[] = [];
  for (const [scope, title] of GROUPS) {
    lines.push(title);
    for (const name of ACTION_NAMES) {
      if (ACTIONS[name].scope !== scope) continue;
      const keys = (keyMap.get(name) ?? []).map(displayKey).join(" ");
      lines.push(`  ${padEnd(keys, 16)} ${padEnd(name, 27)} ${ACTIONS[name].help}`);
    }
  }
  lines.push("", "Marks: + added  ~ modified  - removed (coloured green, yellow, red unless NO_COLOR is set)");
  lines.push("", ...aliasLines(keyMap));
  return lines;
}

/** Keys a terminal cannot tell apart (it sends one byte for both): pressing either does what the other is bound to. */
function aliasLines(keyMap: KeyMap): string[] {
  const lines = ["Same key to a terminal (one byte for both)"];
  for (const [alias, key] of Object.entries(SAME_BYTE)) {
    const actions = ACTION_NAMES.filter((name) => keyMap.get(name)?.includes(key));
    lines.push(`  ${padEnd(`${displayKey(alias)} = ${displayKey(key)}`, 16)} ${actions.length > 0 ? actions.join(", ") : "(not bound)"}`);
  }
  return lines;
}

export function HelpOverlay({ lines, scroll, width, rows }: { lines: readonly string[]; scroll: number; width: number; rows: number }): React.JSX.Element {
  const shown = lines.slice(scroll, scroll + rows);
  return (
    <Box flexDirection="column" width={width} height={rows + 1}>
      <PaneTitle title="Keys" extra={lines.length > rows ? `${scroll + 1}-${scroll + shown.length} of ${lines.length} · ↑↓ scroll` : ""} width={width} focused />
      {shown.map((line, i) => (
        <Text key={i} wrap="truncate" bold={!line.startsWith(" ")}>
          {/* an empty Text takes no row */}
          {fit(line, width) || " "}
        </Text>
      ))}
    </Box>
  );
}
