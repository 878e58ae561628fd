import React from "react";
import { storedCompressed } from "../../analysis/stored-compressed.js";
import { Box, Text } from "ink";
import type { ImageAnalysis } from "../../analysis/types.js";
import type { WasteGroup } from "../../analysis/waste-groups.js";
import { clipStartCells, count, padStart, percent, plural, wrap } from "../state/format.js";
import { bytes, clip, clipStart } from "../../text/format.js";
import { referenceAndName, wasteLayers } from "../../report/format.js";
import { PaneTitle } from "./PaneTitle.js";

export function ImageDetails({
  summary,
  waste: wasteGroups,
  width,
  height,
  colors,
}: {
  summary: ImageAnalysis;
  /** The waste grouped by directory and layer pair, largest first */
  waste: readonly WasteGroup[];
  width: number;
  height: number;
  colors: boolean;
}): React.JSX.Element {
  const image = summary.image;
  const dive = image.dive;
  const name = imageTitle(image, width);
  const groups: string[][] = [
    [`Total ${bytes(image.totalBytes)}`, plural(image.fileCount, "entry", "entries"), `final ${bytes(image.finalBytes)}`],
    [`Efficiency ${percent(image.efficiency)}`, `wasted ${bytes(image.wastedBytes)}`],
    [`shadowed ${bytes(image.shadowedBytes)}`, `deleted ${bytes(image.deletedBytes)}`, `junk ${bytes(image.junkBytes)}`],
    [`Dive efficiency ${percent(dive.efficiencyScore)}`, `wasted ${bytes(dive.inefficientBytes)}`, `${percent(dive.userWastedPercent)} of user`],
    // last, so that the groups above keep their places (colours, separators)
    ...storedLine(image, summary.layers),
    ...(image.base && image.base.evidence !== "none"
      ? [
          [
            `Yours ${bytes(image.base.yours.sizeBytes)}`,
            `wasted ${bytes(image.base.yours.wastedBytes)}`,
            `inherited ${bytes(image.base.inherited.sizeBytes)} from ${image.base.name ?? "the base"}`,
          ],
        ]
      : []),
  ];
  const lines: string[] = [];
  const colored = new Set<number>();
  groups.forEach((group, i) => {
    if (i === 1) colored.add(lines.length);
    lines.push(...flow(group, width, i === 2 ? "   " : " "));
  });
  const wasteRoom = height - 1 - lines.length - 1;
  const waste = wasteRoom > 0 ? wasteGroups.slice(0, wasteRoom) : [];
  // the layer pair tells apart rows of one directory (`1 → 2`, `2 → 3`)
  const layersWidth = Math.max(0, ...waste.map((item) => wasteLayers(item).length));
  const effColor = !colors ? undefined : image.efficiency >= 0.9 ? "green" : image.efficiency >= 0.7 ? "yellow" : "red";
  return (
    <Box flexDirection="column" width={width} height={height}>
      <PaneTitle title="Image" extra={name} width={width} focused={false} />
      {lines.slice(0, height - 1).map((line, i) => (
        <Text key={i} wrap="truncate" color={colored.has(i) ? effColor : undefined}>
          {clip(line, width)}
        </Text>
      ))}
      {waste.length > 0 && (
        <Text wrap="truncate" bold>
          {clip(wasteGroups.length > waste.length ? ` Largest waste (w: all ${count(wasteGroups.length)})` : " Largest waste", width)}
        </Text>
      )}
      {waste.map((item, i) => (
        <Text key={i} wrap="truncate">
          {`${padStart(bytes(item.bytes), 9)} ${item.kind.padEnd(8)} ${wasteLayers(item).padEnd(layersWidth)} ${clipStartCells(item.files > 1 ? `${item.path} (${count(item.files)} files)` : item.path, width - 20 - layersWidth)}`}
        </Text>
      ))}
    </Box>
  );
}

/** The compressed size (when the layers are stored compressed) and the pull with a baseline, as one group. */
function storedLine(image: ImageAnalysis["image"], layers: ImageAnalysis["layers"]): string[][] {
  const parts = [
    image.compressedBytes !== undefined && storedCompressed(layers) ? `Compressed ${bytes(image.compressedBytes)}` : "",
    image.pull ? `pull ${bytes(image.pull.bytes)} with ${image.pull.sharedLayers} layers present` : "",
  ].filter(Boolean);
  return parts.length > 0 ? [parts] : [];
}

/** The image's name for the pane's title */
export function imageTitle(image: { reference: string; name?: string }, width: number): string {
  // an OCI layout's name is often only a tag ("latest"): say which layout it is, keeping the end of a long path
  const bareTag = image.name !== undefined && !/[/:]/.test(image.name);
  return bareTag ? clipStart(referenceAndName(image), Math.max(8, width - 8)) : (image.name ?? image.reference);
}

/** Joins parts with ` · `, starting a new line (indented) where the next part would not fit. */
function flow(parts: readonly string[], width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = indent;
  for (const part of parts) {
    const candidate = line === indent ? line + part : `${line} · ${part}`;
    if (candidate.length > width && line !== indent) {
      lines.push(line);
      line = `${indent}  ${part}`;
    } else line = candidate;
  }
  lines.push(line);
  return lines;
}

export interface PendingImageProps {
  /** The image's name as the title shows it */
  name: string;
  /** How far the reading is */
  progress: string;
  /** What ended the analysis */
  error?: string;
  width: number;
  height: number;
  colors: boolean;
}

/** The image pane while the analysis runs (or after it failed): its progress, and no figure before it is final. */
export function PendingImage({ name, progress, error, width, height, colors }: PendingImageProps): React.JSX.Element {
  const lines = error
    ? [...wrap(`Error: ${error}`, width - 2).map((line) => ` ${line}`), "", " No figures: the analysis did not finish (q quits)"]
    : [
        ` Reading: ${progress}`,
        "",
        " Figures and waste: when every layer is read and merged",
        " Trees: each layer's as soon as it and the layers below it are read",
      ];
  return (
    <Box flexDirection="column" width={width} height={height}>
      <PaneTitle title="Image" extra={name} width={width} focused={false} />
      {lines.slice(0, height - 1).map((line, i) => (
        <Text key={i} wrap="truncate" color={colors && error && line !== "" && !line.startsWith(" No figures") ? "red" : undefined}>
          {clip(line, width)}
        </Text>
      ))}
    </Box>
  );
}
