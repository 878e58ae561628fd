import { useEffect, useMemo, useState } from "react";
import type { ShownTree } from "./state/aggregate.js";
import { isCollapsed } from "./state/collapse.js";
import type { PathFilter } from "./state/path-filter.js";
import { flattenTree, type TreeRow } from "./state/tree-rows.js";
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

/**
 * The rows of the shown tree. Rows are kept per shown tree and reused when stepping back to a layer whose rows were
 * built with the same options; a new `image` starts afresh.
 */
export function useTreeRows(shown: ShownTree | undefined, options: RowInputs, filter: PathFilter | undefined, image: unknown): TreeRow[] | undefined {
  const rowsCache = useMemo(() => new WeakMap<ShownTree, { inputs: readonly unknown[]; rows: TreeRow[] }>(), [image]);
  const { sort, hidden, collapse, minFileSize } = options;
  return useMemo<TreeRow[] | undefined>(() => {
    if (!shown) return undefined;
    const inputs = [sort, hidden, filter, collapse, minFileSize];
    const cached = rowsCache.get(shown);
    if (cached && cached.inputs.every((input, i) => input === inputs[i])) return cached.rows;
    const built = flattenTree(shown.root, {
      sort,
      hidden,
      minFileSize,
      filter,
      isCollapsed: (path) => isCollapsed(collapse, path),
      changeOf: shown.changeOf,
    });
    rowsCache.set(shown, { inputs, rows: built });
    return built;
  }, [shown, sort, hidden, filter, collapse, minFileSize, rowsCache]);
}
