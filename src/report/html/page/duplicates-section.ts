import type { DuplicateGroup, DuplicateReport } from "../../../analysis/duplicate-types.js";
import { bytes, clip, counted, el, section } from "./dom.js";
import { dataTable } from "./table.js";

/** With `--duplicates`: identical files at different paths, one row a group, and what finding them cost. */
export function duplicatesSection(report: DuplicateReport | undefined): HTMLElement | null {
  if (!report) return null;
  const cost = el(
    "p",
    { class: "note", data: { testid: "duplicates-summary" } },
    `${counted(report.groups.length, "group")}; a single copy each would save ${bytes(report.savedBytes)}. ` +
      `Found by hashing ${report.hashedFiles.toLocaleString("en-US")} of ${counted(report.candidates, "file")} of a size another file shares (${bytes(report.hashedBytes)}); files under ${bytes(report.minSize)} were not looked at.`,
  );
  const paths = (group: DuplicateGroup): string => group.copies.map((copy) => `${copy.path} (layer ${copy.layer})`).join(", ");
  const table = dataTable<DuplicateGroup>({
    rows: report.groups,
    presorted: true,
    testid: "duplicates",
    empty: "no identical files",
    filterText: paths,
    columns: [
      { title: "saved", text: (group) => bytes(group.savedBytes), key: (group) => group.savedBytes, numeric: true },
      { title: "copies", text: (group) => `${group.copies.length} × ${bytes(group.size)}`, key: (group) => group.copies.length, numeric: true },
      { title: "paths (layer)", text: (group) => clip(paths(group), 200), hover: (group) => clip(paths(group), 4000) },
    ],
  });
  return section("Identical files", cost, table);
}
