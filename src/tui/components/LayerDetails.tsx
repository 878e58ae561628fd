import React from "react";
import { Box, Text } from "ink";
import type { LayerRow } from "../state/live.js";
import { count, plural, shortCommand, wrap } from "../state/format.js";
import { bytes, clip } from "../../text/format.js";
import { PaneTitle } from "./PaneTitle.js";

interface LayerDetailsProps {
  layer: LayerRow;
  layerCount: number;
  /** The layer's hints as lines (from layerHintLines) */
  hintLines?: string[];
  /** The analysis ended at an error: the changes will not be counted */
  stopped?: boolean;
  width: number;
  height: number;
}

export function LayerDetails({ layer, layerCount, hintLines = [], stopped = false, width, height }: LayerDetailsProps): React.JSX.Element {
  const commandLines = wrap(shortCommand(layer.command) || "(no instruction recorded)", width - 1);
  const room = Math.max(1, height - 3);
  const commandRoom = Math.max(1, Math.min(commandLines.length, room - hintLines.length));
  const command =
    commandLines.length > commandRoom
      ? [...commandLines.slice(0, commandRoom - 1), clip(commandLines.slice(commandRoom - 1).join(" "), width - 1)]
      : commandLines;
  const hintRoom = room - command.length;
  const hints =
    hintLines.length > hintRoom
      ? [...hintLines.slice(0, Math.max(0, hintRoom - 1)), `… ${hintLines.length - hintRoom + 1} more lines of hints in the text report`]
      : hintLines;
  const shown = [...command, ...hints.slice(0, hintRoom)];
  return (
    <Box flexDirection="column" width={width} height={height}>
      <PaneTitle title={`Layer ${layer.index} of ${layerCount}`} extra={clip(layer.digest, Math.max(0, width - 20))} width={width} focused={false} />
      <Text wrap="truncate">{clip(` ${sizeText(layer)}${blobText(layer)}`, width)}</Text>
      <Text wrap="truncate">{clip(` ${countsText(layer, stopped)}`, width)}</Text>
      {shown.map((line, i) => (
        <Text key={i} wrap="truncate">
          {" " + line}
        </Text>
      ))}
    </Box>
  );
}

function sizeText(layer: LayerRow): string {
  if (layer.failed) return "could not be read";
  if (layer.sizeBytes === undefined || layer.entries === undefined) return "not read yet";
  return `${bytes(layer.sizeBytes)} · ${plural(layer.entries, "entry", "entries")}`;
}

function countsText(layer: LayerRow, stopped: boolean): string {
  const c = layer.counts;
  if (!c) return stopped ? "changes: not counted (the analysis stopped)" : "changes: counted when the analysis ends";
  return `+${count(c.added)} (${bytes(c.addedBytes)})  ~${count(c.modified)} (${bytes(c.modifiedBytes)})  -${count(c.removed)} (${bytes(c.removedBytes)})`;
}

/** ` · blob 12.3 MB gzip · oci.image.layer.v1.tar+gzip`: the stored blob, its compression and media type */
function blobText(layer: LayerRow): string {
  const parts = [
    layer.blobSize !== undefined ? `blob ${bytes(layer.blobSize)}` : "",
    layer.compression ?? "",
    layer.mediaType ? `· ${layer.mediaType.replace(/^application\/vnd\./, "")}` : "",
  ].filter(Boolean);
  return parts.length > 0 ? ` · ${parts.join(" ")}` : "";
}
