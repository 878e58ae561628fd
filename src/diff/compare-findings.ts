import type { Hint } from "../analysis/hints/types.js";
import type { WasteItem } from "../analysis/types.js";
import { topList } from "./compare-files.js";
import type { TopList, WasteChange } from "./types.js";

/** Waste is the same across images when its kind and path are (layer indexes shift between builds). */
function wasteKey(item: WasteItem): string {
  return `${item.kind}\u0000${item.path}`;
}

/** Waste items of head whose (kind, path) base does not have, and the other way round. */
export function compareWaste(base: WasteItem[], head: WasteItem[], top: number): { new: TopList<WasteChange>; gone: TopList<WasteChange> } {
  const baseKeys = new Set(base.map(wasteKey));
  const headKeys = new Set(head.map(wasteKey));
  const change = (item: WasteItem): WasteChange => {
    const result: WasteChange = { path: item.path, kind: item.kind, bytes: item.bytes, addedBy: item.addedBy };
    if (item.rule !== undefined) result.rule = item.rule;
    if (item.removedBy !== undefined) result.removedBy = item.removedBy;
    return result;
  };
  const bytes = (item: WasteChange): number => item.bytes;
  return {
    new: topList(head.filter((item) => !baseKeys.has(wasteKey(item))).map(change), top, bytes),
    gone: topList(base.filter((item) => !headKeys.has(wasteKey(item))).map(change), top, bytes),
  };
}

/** A hint is the same across images when its id and path are; the bytes and layer may differ. */
function hintKey(hint: Hint): string {
  return `${hint.id}\u0000${hint.path ?? ""}`;
}

/** Hints of head beyond those base has with the same key (counted as a multiset), and the other way round. */
export function compareHints(base: readonly Hint[], head: readonly Hint[]): { new: Hint[]; gone: Hint[] } {
  return { new: extra(head, base), gone: extra(base, head) };
}

function extra(from: readonly Hint[], against: readonly Hint[]): Hint[] {
  const available = new Map<string, number>();
  for (const hint of against) available.set(hintKey(hint), (available.get(hintKey(hint)) ?? 0) + 1);
  return from.filter((hint) => {
    const left = available.get(hintKey(hint)) ?? 0;
    if (left > 0) available.set(hintKey(hint), left - 1);
    return left === 0;
  });
}
