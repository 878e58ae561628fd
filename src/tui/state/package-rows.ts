import type { PackageInfo } from "../../packages/types.js";
import type { PathFilter } from "./path-filter.js";

/** The packages overlay's rows: the image's packages or one layer's, by bytes (largest first) or by name. */
export function packageRows(packages: readonly PackageInfo[], options: { sort: "bytes" | "name"; layer?: number }): Array<{ pkg: PackageInfo; index: number }> {
  const rows = packages
    .map((pkg, index) => ({ pkg, index }))
    .filter(({ pkg }) => options.layer === undefined || pkg.layer === options.layer || pkg.upgradedLayer === options.layer);
  if (options.sort === "name") rows.sort((a, b) => (a.pkg.name < b.pkg.name ? -1 : a.pkg.name > b.pkg.name ? 1 : a.index - b.index));
  return rows;
}

/** A tree filter that keeps the files a package owns (and the folders above them). */
export function packageFilter(pkg: PackageInfo, index: number, owner: ReadonlyMap<string, number>): PathFilter {
  return { text: `${pkg.ecosystem}:${pkg.name}`, kind: "package", test: (path) => owner.get(path) === index };
}
