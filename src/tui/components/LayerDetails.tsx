import React from "react";
import { Box, Text } from "ink";
import type { LayerSummary } from "../../analysis/types.js";
import { bytes, count, fit, shortCommand, wrap } from "../state/format.js";
import { PaneTitle } from "./PaneTitle.js";

export function LayerDetails({ layer, layerCount, width, height }: { layer: LayerSummary; layerCount: number; width: number; height: number }): React.JSX.Element {
  const commandLines = wrap(shortCommand(layer.command) || "(no instruction recorded)", width - 1);
  const room = Math.max(1, height - 3);
  const shown = commandLines.length > room ? [...commandLines.slice(0, room - 1), fit(commandLines.slice(room - 1).join(" "), width - 1)] : commandLines;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <PaneTitle title={`Layer ${layer.index} of ${layerCount}`} extra={fit(layer.digest, Math.max(0, width - 20))} width={width} focused={false} />
      <Text wrap="truncate">
        {fit(` ${bytes(layer.sizeBytes)} · ${count(layer.entries)} entries${layer.blobSize !== undefined ? ` · blob ${bytes(layer.blobSize)}` : ""}`, width)}
      </Text>
      <Text wrap="truncate">
        {fit(
          ` +${count(layer.added)} (${bytes(layer.addedBytes)})  ~${count(layer.modified)} (${bytes(layer.modifiedBytes)})  -${count(layer.removed)} (${bytes(layer.removedBytes)})`,
          width,
        )}
      </Text>
      {shown.map((line, i) => (
        <Text key={i} wrap="truncate">
          {" " + line}
        </Text>
      ))}
    </Box>
  );
}
