import React, { useEffect, useMemo, useRef, useState, type Dispatch, type SetStateAction } from "react";
import { Box, useApp, useInput, useStdin } from "ink";
import type { Analysis, WasteItem } from "../analysis/types.js";
import { groupWaste } from "../analysis/waste-groups.js";
import type { Hint } from "../analysis/hints/types.js";
import { helpLines } from "./components/HelpOverlay.js";
import { MainPanes } from "./components/MainPanes.js";
import { MessageLine } from "./components/MessageLine.js";
import { overlayFor } from "./components/Overlay.js";
import { FilterBar, StatusLine } from "./components/StatusLine.js";
import { TooSmall } from "./components/TooSmall.js";
import type { ContentAccess } from "./content-view.js";
import type { ShownTree } from "./state/aggregate.js";
import { count } from "./state/format.js";
import { keyNames } from "./state/ink-key.js";
import type { KeyMap } from "./state/keymap.js";
import { computeLayout } from "./state/layout.js";
import { finishedImage, layerRows, type LiveImage } from "./state/live.js";
import { Lru } from "./state/lru.js";
import { packageFilter, packageRows } from "./state/package-rows.js";
import { compilePathFilter } from "./state/path-filter.js";
import { handleKey, initialState, type UiContext, type UiState } from "./state/ui-state.js";
import { wasteWithDuplicates } from "./state/waste-rows.js";
import { useLook } from "./use-look.js";
import { useShownTree } from "./use-shown-tree.js";
import { useAppliedFilter, useTreeRows } from "./use-tree-rows.js";

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

export function App(props: AppProps): React.JSX.Element {
  const { keyMap, width, height, colors, terminalRows, cwd } = props;
  const [state, setState] = useState<UiState>(initialState);
  const shown = useShownImage(props, state, setState);
  const { image, summary, hints, look } = shown;
  const help = useMemo(() => helpLines(keyMap), [keyMap]);
  const layerCount = image.head.layers.length;
  const fit = computeLayout(width, height, layerCount, terminalRows);
  const layout = fit.ok ? fit.layout : undefined;

  useKeys(state, setState, keyMap, {
    layerCount,
    rows: shown.layerReady ? shown.rows : undefined,
    waste: shown.wasteRows,
    viewerLines: look.lines.count,
    rangeRows: look.range?.changes.length ?? 0,
    hints,
    packages: shown.packageList,
    layerPage: layout?.layerRows ?? 1,
    treePage: layout?.treeRows ?? 1,
    overlayPage: layout?.overlayRows ?? 1,
    helpLines: help.length,
    tooSmall: !layout,
  });

  if (!layout) return <TooSmall message={fit.ok ? "" : fit.message} />;

  const pending = image.done ? undefined : image.error ? "not known: the analysis did not finish" : "known when every layer is read and merged";
  const overlay = overlayFor({
    state,
    layout,
    width,
    colors,
    help,
    waste: shown.wasteRows,
    look,
    hints,
    hintPatches: props.hintPatches,
    packages: summary?.packages,
    packageRows: shown.packageList,
    pending,
  });
  return (
    <Box flexDirection="column" width={width} height={height}>
      {overlay ?? (
        <MainPanes
          image={image}
          layers={shown.layers}
          state={state}
          layout={layout}
          hints={hints}
          summary={summary}
          wasteGroups={shown.wasteGroups}
          tree={shown.tree}
          rows={shown.rows}
          layerReady={shown.layerReady}
          filter={shown.filter}
          filterPending={shown.filterPending}
          colors={colors}
        />
      )}
      {state.filterEditing ? (
        <FilterBar text={state.filterText} matches={shown.rows && !shown.filterPending ? `${count(shown.rows.length)} rows` : "…"} width={width} />
      ) : state.confirm || state.message !== undefined ? (
        <MessageLine state={state} cwd={cwd} width={width} />
      ) : (
        <StatusLine context={state.overlay === "none" ? state.focus : state.overlay} keyMap={keyMap} width={width} />
      )}
    </Box>
  );
}

/**
 * The image as far as it is known and what the state shows of it: the layers, the selected layer's tree and its
 * rows, the waste and package lists, and the viewer's and range's contents.
 */
function useShownImage(
  { analysis, live, hints: finishedHints, treeCache, content, onCopy, cwd }: AppProps,
  state: UiState,
  setState: Dispatch<SetStateAction<UiState>>,
) {
  const image = useMemo(() => live ?? finishedImage(analysis!, finishedHints), [live, analysis, finishedHints]);
  // trees built from the layers read so far are those of the finished analysis: kept when it arrives
  const identity = live ? image.head : analysis;
  const cache = useMemo(() => treeCache ?? new Lru<string, ShownTree>(TREE_CACHE_SIZE), [identity, treeCache]);
  const done = image.done?.analysis;
  const summary = done?.summary;
  const layers = useMemo(() => layerRows(image), [image]);
  const model = done?.tree ?? image.read?.tree;
  const layerReady = model !== undefined && state.layer < model.layerCount;
  const tree = useShownTree(layerReady ? model : undefined, state.compare, state.layer, cache);
  const { applied, pending: filterPending } = useAppliedFilter(state.filterText);
  // the waste list: one row per directory and layer pair (a thousand small files deleted together are one row)
  const wasteGroups = useMemo(() => groupWaste(summary?.waste ?? NO_WASTE), [summary]);
  const { filter, packageList } = usePackageView(done, state, applied);
  const rows = useTreeRows(tree.shown, state, filter, identity);
  const look = useLook(done, state, setState, { content, onCopy, cwd });
  // with --duplicates, the extra copies of identical files join the waste list
  const wasteRows = useMemo(() => wasteWithDuplicates(wasteGroups, summary?.duplicates), [wasteGroups, summary]);
  const hints = image.done?.hints ?? [];
  return { image, layers, summary, hints, tree, layerReady, rows, filter, filterPending, wasteGroups, wasteRows, packageList, look };
}

/** The tree's filter (the package shown, else the applied text) and the packages overlay's rows as sorted. */
function usePackageView(done: Analysis | undefined, state: UiState, appliedFilter: string) {
  const packages = done?.summary.packages?.packages;
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
  return { filter, packageList };
}

/** Keys go to the state's reducer with what the screen shows at the moment (`context`); the quit key ends the app. */
function useKeys(state: UiState, setState: Dispatch<SetStateAction<UiState>>, keyMap: KeyMap, context: UiContext): void {
  const { exit } = useApp();
  const { isRawModeSupported } = useStdin();
  const ctx = useRef<UiContext>(undefined);
  ctx.current = context;
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
}
