import React from "react";
import { Box } from "ink";
import type { Hint } from "../../analysis/hints/types.js";
import type { ImageAnalysis } from "../../analysis/types.js";
import type { WasteGroup } from "../../analysis/waste-groups.js";
import { layerHintLines } from "../../report/hints-text.js";
import { bytes } from "../../text/format.js";
import { shortCommand, wrap } from "../state/format.js";
import type { Layout } from "../state/layout.js";
import { notReadyText, progressText, type LayerRow, type LiveImage } from "../state/live.js";
import type { PathFilter } from "../state/path-filter.js";
import type { TreeRow } from "../state/tree-rows.js";
import { resolveTreeCursor } from "../state/tree-actions.js";
import type { UiState } from "../state/ui-state.js";
import { treeKey, type TreeState } from "../use-shown-tree.js";
import { ImageDetails, imageTitle, PendingImage } from "./ImageDetails.js";
import { LayerDetails } from "./LayerDetails.js";
import { LayersPane } from "./LayersPane.js";
import { TreePane } from "./TreePane.js";

export interface MainPanesProps {
  image: LiveImage;
  layers: readonly LayerRow[];
  state: UiState;
  layout: Layout;
  hints: readonly Hint[];
  /** The finished analysis' figures; the image pane says what is pending without them */
  summary?: ImageAnalysis;
  wasteGroups: readonly WasteGroup[];
  tree: TreeState;
  /** The tree's rows as filtered and folded, undefined while they are built */
  rows?: TreeRow[];
  /** The selected layer has been read (its tree can be built) */
  layerReady: boolean;
  filter?: PathFilter;
  filterPending: boolean;
  colors: boolean;
}

/** The screen without an overlay: layers, the selected layer's details and the image's on the left; the tree on the right. */
export function MainPanes({
  image,
  layers,
  state,
  layout,
  hints,
  summary,
  wasteGroups,
  tree,
  rows,
  layerReady,
  filter,
  filterPending,
  colors,
}: MainPanesProps): React.JSX.Element {
  const layerCount = image.head.layers.length;
  const layer = layers[Math.min(state.layer, layerCount - 1)];
  const progress = image.done ? undefined : progressText(image);
  const treeMessage = layerReady ? undefined : notReadyText(image, state.layer);
  const details = detailHeights(layout, layer, hints);
  return (
    <Box flexDirection="row" height={layout.body}>
      <Box flexDirection="column" width={layout.leftWidth}>
        <LayersPane
          layers={layers}
          status={progress && (image.error ? "failed" : "reading")}
          stopped={image.error !== undefined}
          selected={state.layer}
          focused={state.focus === "layers"}
          aggregated={state.compare === "aggregated"}
          width={layout.leftWidth}
          rows={layout.layerRows}
          colors={colors}
        />
        {layer && (
          <LayerDetails
            layer={layer}
            layerCount={layerCount}
            hintLines={details.hintLines}
            stopped={image.error !== undefined}
            width={layout.leftWidth}
            height={details.layer}
          />
        )}
        {summary ? (
          <ImageDetails summary={summary} waste={wasteGroups} width={layout.leftWidth} height={details.image} colors={colors} />
        ) : (
          <PendingImage
            name={imageTitle(image.head, layout.leftWidth)}
            progress={progress ?? ""}
            error={image.error?.message}
            width={layout.leftWidth}
            height={details.image}
            colors={colors}
          />
        )}
      </Box>
      <TreePane
        message={treeMessage}
        rows={tree.error ? [] : rows}
        cursor={rows ? resolveTreeCursor(state, rows) : 0}
        width={layout.treeWidth}
        height={layout.treeRows}
        focused={state.focus === "tree"}
        attributes={state.attributes}
        title={state.compare === "layer" ? `Layer ${state.layer} contents` : `Aggregated contents, layers 0..${state.layer}`}
        extra={treeNotes(state, filter, treeMessage === undefined ? treeActivity(state, tree, filterPending) : "")}
        colors={colors}
      />
    </Box>
  );
}

/**
 * The layer details take the lines their instruction and hints need (up to the layout's share, hints borrowing up to
 * a third of the image pane); the image details the rest.
 */
function detailHeights(layout: Layout, layer: LayerRow | undefined, hints: readonly Hint[]): { hintLines: string[]; layer: number; image: number } {
  const commandLines = layer ? wrap(shortCommand(layer.command) || "-", layout.leftWidth - 1).length : 1;
  const hintLines = layer ? layerHintLines(hints, layer.index, layout.leftWidth - 1) : [];
  const detailRoom = layout.layerDetailsHeight - 3 + (hintLines.length > 0 ? Math.floor(layout.imageDetailsHeight / 3) : 0);
  const layerHeight = 3 + Math.max(1, Math.min(commandLines + hintLines.length, detailRoom));
  return { hintLines, layer: layerHeight, image: layout.imageDetailsHeight + layout.layerDetailsHeight - layerHeight };
}

/** What the tree pane is busy with: building the asked-for tree, or filtering it (or the error that stopped it). */
function treeActivity(state: UiState, tree: TreeState, filterPending: boolean): string {
  if (tree.error) return `error: ${tree.error}`;
  if (tree.building && tree.shownKey !== treeKey(state.compare, state.layer)) return "building…";
  return filterPending ? "filtering…" : "";
}

/** The notes after the tree's title: its activity, then the sort, size floor, hidden kinds and filter in force. */
function treeNotes(state: UiState, filter: PathFilter | undefined, activity: string): string {
  return [
    activity,
    state.sort === "size" ? "by size" : "",
    state.minFileSize > 0 ? `files ≥ ${bytes(state.minFileSize)}` : "",
    state.hidden.size > 0 ? `hiding ${[...state.hidden].join(", ")}` : "",
    filter ? filterNote(filter) : "",
  ]
    .filter(Boolean)
    .join(" · ");
}

function filterNote(filter: PathFilter): string {
  if (filter.kind === "package") return `package ${filter.text} (esc: all files)`;
  return `filter ${filter.kind === "regex" ? `/${filter.text}/` : `"${filter.text}"`}`;
}
