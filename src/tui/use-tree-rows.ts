import { useEffect, useMemo, useRef, useState } from "react";
import type { ShownTree } from "./state/aggregate.js";
import { isCollapsed } from "./state/collapse.js";
import type { PathFilter } from "./state/path-filter.js";
import { flattenSteps, type TreeRow } from "./state/tree-rows.js";
import { ANSWER_EVERY_MS, type Steps } from "../steps/steps.js";
import type { UiState } from "./state/ui-state.js";

/**
 * The filter text the tree is filtered by. The typed text shows at once; the tree is filtered right after that frame,
 * and only for the latest text when keys come faster than a filter pass over a big tree.
 */
export function useAppliedFilter(typed: string): { applied: string; pending: boolean } {
  const [applied, setApplied] = useState("");
  useEffect(() => {
    if (applied === typed) return;
    const timer = setTimeout(() => setApplied(typed), 0);
    return () => clearTimeout(timer);
  }, [typed, applied]);
  return { applied, pending: applied !== typed };
}

type RowInputs = Pick<UiState, "sort" | "hidden" | "collapse" | "minFileSize">;

/** Runs steps for up to `ms`; their result, or undefined when they are not done */
function runFor<T>(steps: Steps<T>, ms: number): T | undefined {
  const until = performance.now() + ms;
  do {
    const next = steps.next();
    if (next.done) return next.value;
  } while (performance.now() < until);
  return undefined;
}

/**
 * The rows of the shown tree. Rows are kept per shown tree and reused when stepping back to a layer whose rows were
 * built with the same options; a new `image` starts afresh. Rows that take longer than ANSWER_EVERY_MS to make (a
 * tree of a million paths takes about half a second) are made in slices between which the UI answers its keys;
 * meanwhile there are none (the pane says the tree is being built).
 */
export function useTreeRows(shown: ShownTree | undefined, options: RowInputs, filter: PathFilter | undefined, image: unknown): TreeRow[] | undefined {
  const rowsCache = useMemo(() => new WeakMap<ShownTree, { inputs: readonly unknown[]; rows: TreeRow[] }>(), [image]);
  const [built, setBuilt] = useState(0);
  const unfinished = useRef<{ shown: ShownTree; inputs: readonly unknown[]; steps: Steps<TreeRow[]> }>(undefined);
  const { sort, hidden, collapse, minFileSize } = options;
  // (`built` asks for the rows again once a slice has made them)
  const rows = useMemo<TreeRow[] | undefined>(() => {
    unfinished.current = undefined;
    if (!shown) return undefined;
    const inputs = [sort, hidden, filter, collapse, minFileSize];
    const cached = rowsCache.get(shown);
    if (cached && cached.inputs.every((input, i) => input === inputs[i])) return cached.rows;
    const steps = flattenSteps(shown.root, {
      sort,
      hidden,
      minFileSize,
      filter,
      isCollapsed: (path) => isCollapsed(collapse, path),
      changeOf: shown.changeOf,
    });
    const made = runFor(steps, ANSWER_EVERY_MS);
    if (made) rowsCache.set(shown, { inputs, rows: made });
    else unfinished.current = { shown, inputs, steps };
    return made;
  }, [shown, sort, hidden, filter, collapse, minFileSize, rowsCache, built]);

  useEffect(() => {
    const job = unfinished.current;
    if (rows || !job) return;
    let timer: NodeJS.Timeout | undefined;
    const slice = (): void => {
      const made = runFor(job.steps, ANSWER_EVERY_MS);
      if (!made) {
        timer = setTimeout(slice, 0);
        return;
      }
      rowsCache.set(job.shown, { inputs: job.inputs, rows: made });
      setBuilt((n) => n + 1);
    };
    timer = setTimeout(slice, 0);
    return () => clearTimeout(timer);
    // (the inputs of the rows: a new job for each)
  }, [rows, rowsCache, shown, sort, hidden, filter, collapse, minFileSize, built]);
  return rows;
}
