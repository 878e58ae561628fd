import { useEffect, useMemo, type Dispatch, type SetStateAction } from "react";
import type { Analysis } from "../analysis/types.js";
import { printable } from "../text/escape.js";
import { rangeChanges, type LayerRange } from "../tree/range.js";
import { extractAt, type ContentAccess } from "./content-view.js";
import { useViewLines } from "./components/ViewerOverlay.js";
import { plural } from "./state/format.js";
import type { UiState } from "./state/ui-state.js";
import type { ViewLine } from "./state/viewer-lines.js";
import { NOT_YET, useViewContent, type LoadedView } from "./use-view-content.js";

export interface LookOptions {
  content?: ContentAccess;
  onCopy?: (text: string) => void;
  cwd?: string;
}

export interface Look {
  view?: LoadedView;
  lines: { count: number; line(i: number): ViewLine };
  range?: LayerRange;
}

/**
 * The viewer's content, the marked range's changes, and the effects (copy, extract) the state asks for; contents
 * and ranges once the analysis (absent while it runs) is there.
 */
export function useLook(analysis: Analysis | undefined, state: UiState, setState: Dispatch<SetStateAction<UiState>>, options: LookOptions): Look {
  const view = useViewContent(analysis, options.content, state.viewer);
  const lines = useViewLines(view, state.viewer);
  const from = state.range?.from;
  const to = state.range?.to;
  const range = useMemo(
    () =>
      !analysis || from === undefined || to === undefined
        ? undefined
        : rangeChanges(analysis.tree, from, to, (layer) => analysis.summary.layers[layer].sizeBytes),
    [analysis, from, to],
  );

  const effect = state.effect;
  useEffect(() => {
    if (!effect) return;
    const say = (message: string): void => setState((prev) => ({ ...prev, message }));
    setState((prev) => (prev.effect === effect ? { ...prev, effect: undefined } : prev));
    if (effect.kind === "copy") {
      if (!options.onCopy) return say("no clipboard here");
      options.onCopy(effect.path);
      return say(`copied ${printable(effect.path)} (OSC 52: the terminal must allow it)`);
    }
    const { content, cwd } = options;
    if (!analysis) return say(NOT_YET);
    if (!content || cwd === undefined) return say("extracting is not available here (the UI was started without its image source)");
    extractAt(analysis, content, effect.layer, effect.path, cwd).then(
      (done) =>
        say(
          typeof done === "string"
            ? done
            : `extracted ${plural(done.files, "file")} (${plural(done.bytes, "byte")}), ${plural(done.dirs, "directory", "directories")}, ` +
                `${plural(done.symlinks, "symlink")}${done.hardlinks > 0 ? `, ${plural(done.hardlinks, "hardlink")}` : ""} under ${printable(cwd)}` +
                (done.skipped.length > 0 ? `; ${plural(done.skipped.length, "device node or FIFO", "device nodes or FIFOs")} skipped` : ""),
        ),
      (error: unknown) => say(`extract failed: ${printable(error instanceof Error ? error.message : String(error))}`),
    );
  }, [effect]); // eslint-disable-line react-hooks/exhaustive-deps

  return { view, lines, range };
}
