import type { WasteItem } from "../../../analysis/types.js";
import { NodeKind, type PackedNode } from "../page-data.js";

/**
 * The waste list, read back from the tree's junk, shadowed and deleted leaves (the data holds each item once).
 * Files the data grouped into "N files" blocks are not listed one by one.
 */
export function wasteRows(root: PackedNode, junkRules: readonly string[]): WasteItem[] {
  const rows: WasteItem[] = [];
  // [block, its path or undefined above a tree's root]
  const stack: Array<[PackedNode, string | undefined]> = [];
  // junk is the only waste among the final files (the top "/" block): without junk rules, that tree is not walked
  const top = Array.isArray(root[4]) ? root[4] : [];
  for (const block of top) if (junkRules.length > 0 || block[0] !== "/") stack.push([block, undefined]);
  while (stack.length > 0) {
    const [node, path] = stack.pop()!;
    const [name, bytes, layer, kind, children, extra] = node;
    if (Array.isArray(children)) {
      const isRoot = kind === NodeKind.dir && name.startsWith("/") && path === undefined;
      const here = isRoot ? (name === "/" ? "" : name) : path === undefined ? undefined : `${path}/${name}`;
      for (const child of children) stack.push([child, here]);
      continue;
    }
    const full = `${path ?? ""}/${name}`;
    if (kind === NodeKind.junk) rows.push({ path: full, bytes, kind: "junk", addedBy: layer, rule: junkRules[extra ?? -1] ?? "" });
    else if (kind === NodeKind.shadowed || kind === NodeKind.deleted) {
      rows.push({ path: full, bytes, kind: kind === NodeKind.deleted ? "deleted" : "shadowed", addedBy: layer, removedBy: extra });
    }
  }
  return rows.sort((a, b) => b.bytes - a.bytes);
}
