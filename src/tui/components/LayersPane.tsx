import React, { useRef } from "react";
import { Box, Text } from "ink";
import type { LayerRow } from "../state/live.js";
import { padEnd, padStart, shortCommand, shortCount } from "../state/format.js";
import { bytes, clip } from "../../text/format.js";
import { windowStart } from "../state/layout.js";
import { PaneTitle } from "./PaneTitle.js";

export interface LayersPaneProps {
  /** The reading stopped (an error): a layer not read will not be */
  stopped?: boolean;
  /** Beside the title: how far the reading is, while it goes on */
  status?: string;
  layers: readonly LayerRow[];
  selected: number;
  focused: boolean;
  aggregated: boolean;
  width: number;
  rows: number;
  colors: boolean;
}

export function LayersPane({ layers, selected, focused, aggregated, width, rows, colors, status, stopped }: LayersPaneProps): React.JSX.Element {
  const start = useRef(0);
  start.current = windowStart(start.current, selected, rows, layers.length);
  const visible = layers.slice(start.current, start.current + rows);
  const indexWidth = String(layers.length - 1).length;
  // a layer not read yet shows no figure: its size once it is read, its changes once the analysis ends
  const countsOf = (l: LayerRow): string =>
    l.counts ? `+${shortCount(l.counts.added)} ~${shortCount(l.counts.modified)} -${shortCount(l.counts.removed)}` : "";
  const sizeOf = (l: LayerRow): string => (l.failed ? "error" : l.sizeBytes !== undefined ? bytes(l.sizeBytes) : stopped ? "-" : "…");
  const countsWidth = Math.max(0, ...layers.map((l) => countsOf(l).length));
  const headWidth = 2 + indexWidth + 11;
  const withCounts = width - headWidth - countsWidth - 1 >= 20;
  const mode = aggregated ? "aggregated 1..n" : "this layer only";
  return (
    <Box flexDirection="column" width={width} height={rows + 1}>
      <PaneTitle title="Layers" extra={`${layers.length} · ${mode}${status ? ` · ${status}` : ""}`} width={width} focused={focused} />
      {visible.map((layer) => {
        const isSelected = layer.index === selected;
        const inRange = aggregated && layer.index > 0 && layer.index < selected;
        const head = `${isSelected ? "▶" : inRange ? "┃" : " "} ${padStart(String(layer.index), indexWidth)} ${padStart(sizeOf(layer), 9)} `;
        const counts = withCounts && countsWidth > 0 ? `${padEnd(countsOf(layer), countsWidth)} ` : "";
        const command = (layer.inherited ? "[base] " : "") + (shortCommand(layer.command) || "(no instruction recorded)");
        // Only the selected row is padded: every character drawn costs time in Ink's output.
        const text = clip(head + counts + command, width);
        const line = isSelected ? padEnd(text, width) : text;
        return (
          <Text
            key={layer.index}
            wrap="truncate"
            inverse={isSelected && focused}
            bold={isSelected}
            color={colors && layer.failed ? "red" : colors && isSelected && !focused ? "cyan" : undefined}
          >
            {line}
          </Text>
        );
      })}
    </Box>
  );
}
