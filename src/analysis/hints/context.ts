import type { FileNode } from "../../tree/types.js";
import type { Analysis, WasteItem } from "../types.js";
import type { Hint } from "./types.js";

/** What every hint rule reads: the analysis, the layers' commands, and the final tree built once on demand. */
export class HintContext {
  private finalTreeCache: FileNode | null | undefined;

  constructor(readonly analysis: Analysis) {}

  get layerCount(): number {
    return this.analysis.summary.layers.length;
  }

  command(layer: number): string {
    return this.analysis.summary.layers[layer]?.command ?? "";
  }

  /** The merged tree after the last layer (null for an image without layers). */
  finalTree(): FileNode | null {
    if (this.finalTreeCache === undefined) {
      this.finalTreeCache = this.layerCount > 0 ? this.analysis.tree.treeAt(this.layerCount - 1) : null;
    }
    return this.finalTreeCache;
  }

  /** A hint for `layer`, with its instruction filled in. */
  hint(fields: Omit<Hint, "instruction">): Hint {
    const instruction = this.command(fields.layer);
    return instruction === "" ? fields : { ...fields, instruction };
  }
}

export interface WasteGroup {
  layer: number;
  items: WasteItem[];
  bytes: number;
}

/** Groups waste items by a layer picked from each item (the one that added them, usually). */
export function groupByLayer(items: WasteItem[], layerOf: (item: WasteItem) => number = (item) => item.addedBy): WasteGroup[] {
  const groups = new Map<number, WasteGroup>();
  for (const item of items) {
    const layer = layerOf(item);
    let group = groups.get(layer);
    if (!group) groups.set(layer, (group = { layer, items: [], bytes: 0 }));
    group.items.push(item);
    group.bytes += item.bytes;
  }
  return [...groups.values()].sort((a, b) => a.layer - b.layer);
}

/** `/var/lib/apt/lists/x` when the group has one path, else undefined. */
export function singlePath(items: { path: string }[]): string | undefined {
  return items.length === 1 ? items[0].path : undefined;
}

/** "3 files" / "1 file" */
export function files(count: number): string {
  return `${count} file${count === 1 ? "" : "s"}`;
}

/** Visits every node of a tree, depth first. */
export function walkTree(root: FileNode, visit: (node: FileNode) => void): void {
  const stack: FileNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    visit(node);
    if (node.children) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
}

/** Whether a layer's instruction is a RUN that contains a shell word matching `pattern`. */
export function runs(command: string, pattern: RegExp): boolean {
  return command.startsWith("RUN ") && pattern.test(command);
}
