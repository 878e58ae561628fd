import React, { useEffect, useMemo, useRef, useState } from "react";
import { Box, useApp, useInput, useStdin } from "ink";
import type { Analysis, WasteItem } from "../analysis/types.js";
import { groupWaste } from "../analysis/waste-groups.js";
import { HelpOverlay, helpLines } from "./components/HelpOverlay.js";
import { ImageDetails, imageTitle, PendingImage } from "./components/ImageDetails.js";
import { LayerDetails } from "./components/LayerDetails.js";
import { layerHintLines } from "../report/hints-text.js";
import type { Hint } from "../analysis/hints/types.js";
import { LayersPane } from "./components/LayersPane.js";
import { FilterBar, StatusLine } from "./components/StatusLine.js";
import { TooSmall } from "./components/TooSmall.js";
import { TreePane } from "./components/TreePane.js";
import { WasteOverlay } from "./components/WasteOverlay.js";
import { MessageLine } from "./components/MessageLine.js";
import { RangeOverlay } from "./components/RangeOverlay.js";
import { ViewerOverlay } from "./components/ViewerOverlay.js";
import type { ContentAccess } from "./content-view.js";
import { wasteWithDuplicates } from "./state/waste-rows.js";
import { useLook } from "./use-look.js";
import { HintsOverlay } from "./components/HintsOverlay.js";
import { PackagesOverlay } from "./components/PackagesOverlay.js";
import { packageFilter, packageRows } from "./state/package-rows.js";
import type { ShownTree } from "./state/aggregate.js";
import { isCollapsed } from "./state/collapse.js";
import { count, shortCommand, wrap } from "./state/format.js";
import { bytes } from "../text/format.js";
import { keyNames } from "./state/ink-key.js";
import type { KeyMap } from "./state/keymap.js";
import { computeLayout } from "./state/layout.js";
import { finishedImage, layerRows, notReadyText, progressText, type LiveImage } from "./state/live.js";
import { Lru } from "./state/lru.js";
import { compilePathFilter } from "./state/path-filter.js";
import { flattenTree, type TreeRow } from "./state/tree-rows.js";
import { handleKey, initialState, resolveTreeCursor, type UiContext, type UiState } from "./state/ui-state.js";
import { treeKey, useShownTree } from "./use-shown-tree.js";

/** Trees kept for quick stepping back and forth between layers */
export const TREE_CACHE_SIZE = 4;

export interface AppProps {
  /** A finished analysis (or `live`) */
  analysis?: Analysis;
  /** Fix hints of a finished analysis; the layer details pane lists the selected layer's */
  hints?: Hint[];
  /** The image as far as it is analysed: layers at once, trees as layers are read, figures at the end */
  live?: LiveImage;
  /** The patch `layerscope fix` makes for each hint (same order), when the UI has the Dockerfile */
  hintPatches?: ReadonlyArray<string | undefined>;
  /** The image's source for file contents (viewer, diff, extract); without it the viewer says so */
  content?: ContentAccess;
  /** Copies text to the clipboard (OSC 52 on the terminal) */
  onCopy?: (text: string) => void;
  /** Where the extract key writes (the working directory) */
  cwd?: string;
  keyMap: KeyMap;
  width: number;
  height: number;
  colors: boolean;
  /** Rows of the whole terminal when `height` is less (for the too-small message) */
  terminalRows?: number;
  /** Trees built already (runTui builds the first one before the first frame); a new cache when not given */
  treeCache?: Lru<string, ShownTree>;
}

const NO_WASTE: WasteItem[] = [];

export function App({
  analysis,
  live,
  keyMap,
  width,
  height,
  colors,
  terminalRows,
  hints: finishedHints,
  hintPatches,
  treeCache,
  content,
  onCopy,
  cwd,
}: AppProps): React.JSX.Element {
  const { exit } = useApp();
  const { isRawModeSupported } = useStdin();
  const [state, setState] = useState<UiState>(initialState);
  const image = useMemo(() => live ?? finishedImage(analysis!, finishedHints), [live, analysis, finishedHints]);
  const head = image.head;
  // trees built from the layers read so far are those of the finished analysis: kept when it arrives
  const identity = live ? head : analysis;
  const cache = useMemo(() => treeCache ?? new Lru<string, ShownTree>(TREE_CACHE_SIZE), [identity, treeCache]);
  const done = image.done?.analysis;
  const hints = image.done?.hints ?? [];
  const summary = done?.summary;
  const layerRowsNow = useMemo(() => layerRows(image), [image]);
  const layerCount = head.layers.length;
  const fit = computeLayout(width, height, layerCount, terminalRows);
  const layout = fit.ok ? fit.layout : undefined;

  const model = done?.tree ?? image.read?.tree;
  const layerReady = model !== undefined && state.layer < model.layerCount;
  const tree = useShownTree(layerReady ? model : undefined, state.compare, state.layer, cache);
  // The typed text shows at once; the tree is filtered right after that frame, and only for the latest text
  // when keys come faster than a filter pass over a big tree.
  const [appliedFilter, setAppliedFilter] = useState("");
  useEffect(() => {
    if (appliedFilter === state.filterText) return;
    const timer = setTimeout(() => setAppliedFilter(state.filterText), 0);
    return () => clearTimeout(timer);
  }, [state.filterText, appliedFilter]);
  const filterPending = appliedFilter !== state.filterText;
  // the waste list: one row per directory and layer pair (a thousand small files deleted together are one row)
  const wasteGroups = useMemo(() => groupWaste(summary?.waste ?? NO_WASTE), [summary]);
  const packages = summary?.packages?.packages;
  const packageFiles = done?.packageFiles;
  const shownPackage = state.packageShown !== undefined ? packages?.[state.packageShown] : undefined;
  const filter = useMemo(
    () => (shownPackage && packageFiles ? packageFilter(shownPackage, state.packageShown!, packageFiles) : compilePathFilter(appliedFilter)),
    [appliedFilter, shownPackage, state.packageShown, packageFiles],
  );
  const packageList = useMemo(
    () => packageRows(packages ?? [], { sort: state.packagesSort, layer: state.packagesOfLayer ? state.layer : undefined }),
    [packages, state.packagesSort, state.packagesOfLayer, state.layer],
  );
  // Rows per shown tree, reused when stepping back to a layer whose rows were built with the same options.
  const rowsCache = useMemo(() => new WeakMap<ShownTree, { inputs: readonly unknown[]; rows: TreeRow[] }>(), [identity]);
  const rows = useMemo<TreeRow[] | undefined>(() => {
    const shown = tree.shown;
    if (!shown) return undefined;
    const inputs = [state.sort, state.hidden, filter, state.collapse, state.minFileSize];
    const cached = rowsCache.get(shown);
    if (cached && cached.inputs.every((input, i) => input === inputs[i])) return cached.rows;
    const built = flattenTree(shown.root, {
      sort: state.sort,
      hidden: state.hidden,
      minFileSize: state.minFileSize,
      filter,
      isCollapsed: (path) => isCollapsed(state.collapse, path),
      changeOf: shown.changeOf,
    });
    rowsCache.set(shown, { inputs, rows: built });
    return built;
  }, [tree.shown, state.sort, state.hidden, filter, state.collapse, state.minFileSize, rowsCache]);
  const help = useMemo(() => helpLines(keyMap), [keyMap]);
  const look = useLook(done, state, setState, { content, onCopy, cwd });
  // with --duplicates, the extra copies of identical files join the waste list
  const wasteRows = useMemo(() => wasteWithDuplicates(wasteGroups, summary?.duplicates), [wasteGroups, summary]);

  const ctx = useRef<UiContext>(undefined);
  ctx.current = {
    layerCount,
    rows: layerReady ? rows : undefined,
    waste: wasteRows,
    viewerLines: look.lines.count,
    rangeRows: look.range?.changes.length ?? 0,
    hints,
    packages: packageList,
    layerPage: layout?.layerRows ?? 1,
    treePage: layout?.treeRows ?? 1,
    overlayPage: layout?.overlayRows ?? 1,
    helpLines: help.length,
  };

  useInput(
    (input, key) => {
      for (const name of keyNames(input, key)) {
        setState((prev) => (ctx.current ? handleKey(prev, name, keyMap, ctx.current) : prev));
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
  const layer = layerRowsNow[Math.min(state.layer, layerCount - 1)];
  const progress = done ? undefined : progressText(image);
  const treeMessage = layerReady ? undefined : notReadyText(image, state.layer);
  const pending = done ? undefined : image.error ? "not known: the analysis did not finish" : "known when every layer is read and merged";
  const wanted = treeKey(state.compare, state.layer);
  const title = state.compare === "layer" ? `Layer ${state.layer} contents` : `Aggregated contents, layers 0..${state.layer}`;
  const extras = [
    treeMessage !== undefined
      ? ""
      : tree.error
        ? `error: ${tree.error}`
        : tree.building && tree.shownKey !== wanted
          ? "building…"
          : filterPending
            ? "filtering…"
            : "",
    state.sort === "size" ? "by size" : "",
    state.minFileSize > 0 ? `files ≥ ${bytes(state.minFileSize)}` : "",
    state.hidden.size > 0 ? `hiding ${[...state.hidden].join(",")}` : "",
    filter
      ? filter.kind === "package"
        ? `package ${filter.text} (esc: all files)`
        : `filter ${filter.kind === "regex" ? `/${filter.text}/` : `"${filter.text}"`}`
      : "",
  ].filter(Boolean);

  // The layer details take the lines their instruction needs (up to the layout's share); the image pane the rest.
  const commandLines = layer ? wrap(shortCommand(layer.command) || "-", layout.leftWidth - 1).length : 1;
  const hintLines = layer ? layerHintLines(hints, layer.index, layout.leftWidth - 1) : [];
  // hints borrow up to a third of the image pane
  const detailRoom = layout.layerDetailsHeight - 3 + (hintLines.length > 0 ? Math.floor(layout.imageDetailsHeight / 3) : 0);
  const layerDetailsHeight = 3 + Math.max(1, Math.min(commandLines + hintLines.length, detailRoom));
  const imageDetailsHeight = layout.imageDetailsHeight + layout.layerDetailsHeight - layerDetailsHeight;

  let body: React.JSX.Element;
  if (state.overlay === "help") {
    body = <HelpOverlay lines={help} scroll={state.helpScroll} width={width} rows={layout.overlayRows} />;
  } else if (state.overlay === "waste") {
    body = (
      <WasteOverlay
        waste={wasteRows}
        cursor={state.wasteCursor}
        width={width}
        rows={layout.overlayRows}
        colors={colors}
        pending={pending && `waste: ${pending}`}
      />
    );
  } else if (state.overlay === "viewer" && state.viewer) {
    body = <ViewerOverlay viewer={state.viewer} view={look.view} lines={look.lines} width={width} rows={layout.overlayRows} colors={colors} />;
  } else if (state.overlay === "range" && look.range) {
    body = <RangeOverlay range={look.range} cursor={state.rangeCursor ?? 0} width={width} rows={layout.overlayRows} colors={colors} />;
  } else if (state.overlay === "hints") {
    body = <HintsOverlay hints={hints} patches={hintPatches} cursor={state.hintsCursor} width={width} rows={layout.overlayRows} colors={colors} />;
  } else if (state.overlay === "packages") {
    body = (
      <PackagesOverlay
        report={summary?.packages}
        rows={packageList}
        cursor={state.packagesCursor}
        sort={state.packagesSort}
        layer={state.packagesOfLayer ? state.layer : undefined}
        width={width}
        height={layout.overlayRows + 1}
        colors={colors}
        pending={pending && `packages: ${pending}`}
      />
    );
  } else {
    body = (
      <Box flexDirection="row" height={layout.body}>
        <Box flexDirection="column" width={layout.leftWidth}>
          <LayersPane
            layers={layerRowsNow}
            status={progress && (image.error ? "failed" : "reading")}
            stopped={image.error !== undefined}
            selected={state.layer}
            focused={state.focus === "layers"}
            aggregated={state.compare === "aggregated"}
            width={layout.leftWidth}
            rows={layout.layerRows}
            colors={colors}
          />
          {layer && <LayerDetails layer={layer} layerCount={layerCount} hintLines={hintLines} width={layout.leftWidth} height={layerDetailsHeight} />}
          {summary ? (
            <ImageDetails summary={summary} waste={wasteGroups} width={layout.leftWidth} height={imageDetailsHeight} colors={colors} />
          ) : (
            <PendingImage
              name={imageTitle(head, layout.leftWidth)}
              progress={progress ?? ""}
              error={image.error?.message}
              width={layout.leftWidth}
              height={imageDetailsHeight}
              colors={colors}
            />
          )}
        </Box>
        <TreePane
          message={treeMessage}
          rows={tree.error ? [] : rows}
          cursor={cursor}
          width={layout.treeWidth}
          height={layout.treeRows}
          focused={state.focus === "tree"}
          attributes={state.attributes}
          title={title}
          extra={extras.join(" · ")}
          colors={colors}
        />
      </Box>
    );
  }
  return (
    <Box flexDirection="column" width={width} height={height}>
      {body}
      {state.filterEditing ? (
        <FilterBar text={state.filterText} matches={rows && !filterPending ? `${count(rows.length)} rows` : "…"} width={width} />
      ) : state.confirm || state.message !== undefined ? (
        <MessageLine state={state} cwd={cwd} width={width} />
      ) : (
        <StatusLine context={context} keyMap={keyMap} width={width} />
      )}
    </Box>
  );
}
