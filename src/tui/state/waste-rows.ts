import type { DuplicateReport } from "../../analysis/duplicate-types.js";
import type { WasteGroup } from "../../analysis/waste-groups.js";

/** A row of the UI's waste list: a waste group, or (with --duplicates) an extra copy of a file shipped elsewhere. */
export type WasteRow = Omit<WasteGroup, "kind"> & { kind: WasteGroup["kind"] | "duplicate"; copyOf?: string };

/** The waste groups and every copy but the first of each group of identical files, largest first. */
export function wasteWithDuplicates(groups: readonly WasteGroup[], duplicates: DuplicateReport | undefined): readonly WasteRow[] {
  if (!duplicates || duplicates.groups.length === 0) return groups;
  const copies: WasteRow[] = duplicates.groups.flatMap((group) =>
    group.copies.slice(1).map((copy) => ({
      path: copy.path,
      kind: "duplicate" as const,
      addedBy: copy.layer,
      bytes: group.size,
      files: 1,
      largest: copy.path,
      copyOf: group.copies[0].path,
    })),
  );
  return [...groups, ...copies].sort((a, b) => b.bytes - a.bytes);
}
