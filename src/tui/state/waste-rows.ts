import type { DuplicateReport } from "../../analysis/duplicates.js";
import type { WasteItem } from "../../analysis/types.js";

/** A row of the UI's waste list: a waste item, or (with --duplicates) an extra copy of a file shipped elsewhere. */
export type WasteRow = Omit<WasteItem, "kind"> & { kind: WasteItem["kind"] | "duplicate"; copyOf?: string };

/** The waste items and every copy but the first of each group of identical files, largest first. */
export function wasteWithDuplicates(waste: readonly WasteItem[], duplicates: DuplicateReport | undefined): readonly WasteRow[] {
  if (!duplicates || duplicates.groups.length === 0) return waste;
  const copies: WasteRow[] = duplicates.groups.flatMap((group) =>
    group.copies.slice(1).map((copy) => ({ path: copy.path, bytes: group.size, kind: "duplicate" as const, addedBy: copy.layer, copyOf: group.copies[0].path })),
  );
  return [...waste, ...copies].sort((a, b) => b.bytes - a.bytes);
}
