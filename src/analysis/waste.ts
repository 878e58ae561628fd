import type { MergedTree } from "../tree/merge.js";
import { NO_NODE } from "../tree/node-table.js";
import type { LayerContents } from "../tree/types.js";
import type { JunkMatcher } from "./junk.js";
import type { WasteItem } from "./types.js";
import { ITEMS_PER_STEP, runSteps, type Steps } from "../steps/steps.js";

export interface WasteSplit {
  finalBytes: number;
  shadowedBytes: number;
  deletedBytes: number;
  junkBytes: number;
  /** Largest first; zero-byte items left out */
  items: WasteItem[];
}

/**
 * Splits every regular-file entry into final, shadowed (a later layer replaced its path, which still exists) or
 * deleted (its path is gone at the end). Junk is a property of final files only, so nothing counts twice.
 */
export function classifyWaste(tree: MergedTree, layers: LayerContents[], isJunk: JunkMatcher): WasteSplit {
  return runSteps(wasteSteps(tree, layers, isJunk));
}

/** classifyWaste in steps */
export function* wasteSteps(tree: MergedTree, layers: LayerContents[], isJunk: JunkMatcher): Steps<WasteSplit> {
  const { count, layer, entry, size, displacedBy } = tree.records;
  const final = new Uint8Array(count);
  markFinal(tree, final);
  yield;
  const split: WasteSplit = { finalBytes: 0, shadowedBytes: 0, deletedBytes: 0, junkBytes: 0, items: [] };
  for (let r = 0; r < count; r++) {
    if (r % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
    const bytes = size[r];
    const path = layers[layer[r]].entries[entry[r]].path;
    if (final[r]) {
      split.finalBytes += bytes;
      const rule = bytes > 0 ? isJunk("/" + path) : undefined;
      if (rule) {
        split.junkBytes += bytes;
        split.items.push({ path: "/" + path, bytes, kind: "junk", addedBy: layer[r], rule });
      }
      continue;
    }
    const kind = path !== "" && tree.nodeAt(path) !== NO_NODE ? "shadowed" : "deleted";
    if (kind === "shadowed") split.shadowedBytes += bytes;
    else split.deletedBytes += bytes;
    if (bytes > 0) split.items.push({ path: "/" + path, bytes, kind, addedBy: layer[r], removedBy: displacedBy[r] });
  }
  yield;
  split.items.sort((a, b) => b.bytes - a.bytes || (a.path < b.path ? -1 : a.path > b.path ? 1 : a.addedBy - b.addedBy));
  return split;
}

function markFinal(tree: MergedTree, final: Uint8Array): void {
  const { firstChild, next, record } = tree.nodes;
  const stack = [tree.root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (record[node] >= 0) final[record[node]] = 1;
    for (let child = firstChild[node]; child !== NO_NODE; child = next[child]) stack.push(child);
  }
}
