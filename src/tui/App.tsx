import React, { useEffect, useMemo, useRef, useState } from "react";
import { Box, useApp, useInput, useStdin } from "ink";
import type { Analysis } from "../analysis/types.js";
import { HelpOverlay, helpLines } from "./components/HelpOverlay.js";
import { ImageDetails } from "./components/ImageDetails.js";
import { LayerDetails } from "./components/LayerDetails.js";
import { LayersPane } from "./components/LayersPane.js";
import { FilterBar, StatusLine } from "./components/StatusLine.js";
import { TooSmall } from "./components/TooSmall.js";
import { TreePane } from "./components/TreePane.js";
import { WasteOverlay } from "./components/WasteOverlay.js";
import type { ShownTree } from "./state/aggregate.js";
import { isCollapsed } from "./state/collapse.js";
import { count, shortCommand, wrap } from "./state/format.js";
import { keyNames } from "./state/ink-key.js";
import type { KeyMap } from "./state/keymap.js";
import { computeLayout } from "./state/layout.js";
import { Lru } from "./state/lru.js";
import { compilePathFilter } from "./state/path-filter.js";
import { flattenTree, type TreeRow } from "./state/tree-rows.js";
import { handleKey, initialState, resolveTreeCursor, type UiContext, type UiState } from "./state/ui-state.js";
import { treeKey, useShownTree } from "./use-shown-tree.js";

export interface AppProps {
  analysis: Analysis;
  keyMap: KeyMap;
  width: number;
  height: number;
  colors: boolean;
  /** Rows of the whole terminal when `height` is less (for the too-small message) */
  terminalRows?: number;
  /** Called after each handled key with its name, for latency measurements */
  onKey?: (key: string) => void;
}

export function App({ analysis, keyMap, width, height, colors, terminalRows, onKey }: AppProps): React.JSX.Element {
  const { exit } = useApp();
  const { isRawModeSupported } = useStdin();
  const [state, setState] = useState<UiState>(initialState);
  const cache = useMemo(() => new Lru<string, ShownTree>(6), [analysis]);
  const summary = analysis.summary;
  const layerCount = summary.layers.length;
  const fit = computeLayout(width, height, layerCount, terminalRows);
  const layout = fit.ok ? fit.layout : undefined;

  const tree = useShownTree(analysis.tree, state.compare, state.layer, cache);
  // The typed text shows at once; the tree is filtered right after that frame, and only for the latest text
  // when keys come faster than a filter pass over a big tree.
  const [appliedFilter, setAppliedFilter] = useState("");
  useEffect(() => {
    if (appliedFilter === state.filterText) return;
    const timer = setTimeout(() => setAppliedFilter(state.filterText), 0);
    return () => clearTimeout(timer);
  }, [state.filterText, appliedFilter]);
  const filterPending = appliedFilter !== state.filterText;
  const filter = useMemo(() => compilePathFilter(appliedFilter), [appliedFilter]);
  const rows = useMemo<TreeRow[] | undefined>(() => {
    const shown = tree.shown;
    if (!shown) return undefined;
    return flattenTree(shown.root, {
      sort: state.sort,
      hidden: state.hidden,
      filter,
      isCollapsed: (path) => isCollapsed(state.collapse, path),
      changeOf: shown.changeOf,
    });
  }, [tree.shown, state.sort, state.hidden, filter, state.collapse]);
  const help = useMemo(() => helpLines(keyMap), [keyMap]);

  const ctx = useRef<UiContext>(undefined);
  ctx.current = {
    layerCount,
    rows,
    waste: summary.waste,
    layerPage: layout?.layerRows ?? 1,
    treePage: layout?.treeRows ?? 1,
    overlayPage: layout?.overlayRows ?? 1,
    helpLines: help.length,
  };

  useInput(
    (input, key) => {
      for (const name of keyNames(input, key)) {
        setState((prev) => (ctx.current ? handleKey(prev, name, keyMap, ctx.current) : prev));
        onKey?.(name);
      }
    },
    { isActive: isRawModeSupported === true },
  );

  useEffect(() => {
    if (state.quit) exit();
  }, [state.quit, exit]);

  if (!layout) return <TooSmall message={fit.ok ? "" : fit.message} />;

  const cursor = rows ? resolveTreeCursor(state, rows) : 0;
  const context = state.overlay === "none" ? state.focus : state.overlay;
  const layer = summary.layers[Math.min(state.layer, layerCount - 1)];
  const wanted = treeKey(state.compare, state.layer);
  const title = state.compare === "layer" ? `Layer ${state.layer} contents` : `Aggregated contents, layers 0..${state.layer}`;
  const extras = [
    tree.error ? `error: ${tree.error}` : tree.building && tree.shownKey !== wanted ? "building…" : filterPending ? "filtering…" : "",
    state.sort === "size" ? "by size" : "",
    state.hidden.size > 0 ? `hiding ${[...state.hidden].join(",")}` : "",
    filter ? `filter ${filter.kind === "regex" ? `/${filter.text}/` : `"${filter.text}"`}` : "",
  ].filter(Boolean);

  // The layer details take the lines their instruction needs (up to the layout's share); the image pane the rest.
  const commandLines = layer ? wrap(shortCommand(layer.command) || "-", layout.leftWidth - 1).length : 1;
  const layerDetailsHeight = 3 + Math.max(1, Math.min(commandLines, layout.layerDetailsHeight - 3));
  const imageDetailsHeight = layout.imageDetailsHeight + layout.layerDetailsHeight - layerDetailsHeight;

  let body: React.JSX.Element;
  if (state.overlay === "help") {
    body = <HelpOverlay lines={help} scroll={state.helpScroll} width={width} rows={layout.overlayRows} />;
  } else if (state.overlay === "waste") {
    body = <WasteOverlay waste={summary.waste} cursor={state.wasteCursor} width={width} rows={layout.overlayRows} colors={colors} />;
  } else {
    body = (
      <Box flexDirection="row" height={layout.body}>
        <Box flexDirection="column" width={layout.leftWidth}>
          <LayersPane layers={summary.layers} selected={state.layer} focused={state.focus === "layers"} aggregated={state.compare === "aggregated"} width={layout.leftWidth} rows={layout.layerRows} colors={colors} />
          {layer && <LayerDetails layer={layer} layerCount={layerCount} width={layout.leftWidth} height={layerDetailsHeight} />}
          <ImageDetails summary={summary} width={layout.leftWidth} height={imageDetailsHeight} colors={colors} />
        </Box>
        <TreePane rows={tree.error ? [] : rows} cursor={cursor} width={layout.treeWidth} height={layout.treeRows} focused={state.focus === "tree"} attributes={state.attributes} title={title} extra={extras.join(" · ")} colors={colors} />
      </Box>
    );
  }
  return (
    <Box flexDirection="column" width={width} height={height}>
      {body}
      {state.filterEditing ? (
        <FilterBar text={state.filterText} matches={rows && !filterPending ? `${count(rows.length)} rows` : "…"} width={width} />
      ) : (
        <StatusLine context={context} keyMap={keyMap} width={width} />
      )}
    </Box>
  );
}

