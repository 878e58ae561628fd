import { findNode, walkTree } from "../../tree/file-node.js";
import type { FileNode, FinalNode } from "../../tree/types.js";
import type { PackageInfo } from "../../packages/types.js";
import type { Analysis, WasteItem } from "../types.js";
import { finalStage, parseDockerfile, type DockerInstruction } from "./dockerfile.js";
import { mapLayersToInstructions } from "./layer-lines.js";
import { recordClaims, type ByteClaim } from "./removable.js";
import type { Hint } from "./types.js";
import { thousands } from "../thousands.js";

/**
 * What every hint rule reads: the analysis, the layers' commands, the final tree (built once, on demand), and
 * with a Dockerfile, the instruction behind each layer.
 */
export class HintContext {
  private finalTreeCache: FileNode | null | undefined;
  private packageIndexes: Map<PackageInfo, number> | undefined;
  private replacedCopies: Set<string> | undefined;
  /** The instructions of the image's stage (empty without a Dockerfile) */
  readonly instructions: DockerInstruction[];
  private readonly layerInstructions: (DockerInstruction | undefined)[];

  constructor(
    readonly analysis: Analysis,
    dockerfile?: { text: string; target?: string },
  ) {
    this.instructions = dockerfile ? finalStage(parseDockerfile(dockerfile.text), dockerfile.target) : [];
    const commands = analysis.summary.layers.map((layer) => layer.command);
    this.layerInstructions = mapLayersToInstructions(commands, this.instructions);
  }

  /** The Dockerfile line of the instruction that made `layer`, when known */
  lineOf(layer: number): number | undefined {
    return this.layerInstructions[layer]?.line;
  }

  /** `COPY --from=build /out /app`: the Dockerfile text behind `layer`, when known */
  instructionText(layer: number): string | undefined {
    const instruction = this.layerInstructions[layer];
    return instruction ? `${instruction.keyword} ${instruction.args}` : undefined;
  }

  /** The line of the last instruction with this keyword whose arguments pass `test` (ENV, LABEL, ARG lookups) */
  instructionLine(keyword: string, test: (args: string) => boolean): number | undefined {
    return this.instructions.filter((ins) => ins.keyword === keyword && test(ins.args)).at(-1)?.line;
  }

  get layerCount(): number {
    return this.analysis.summary.layers.length;
  }

  command(layer: number): string {
    return this.analysis.summary.layers[layer]?.command ?? "";
  }

  /** Whether a package (dpkg, apk, pip, npm) owns this absolute path in the final tree */
  ownedByPackage(path: string): boolean {
    return this.analysis.packageFiles?.has(path) === true;
  }

  /** The merged tree after the last layer (null for an image without layers). */
  finalTree(): FileNode | null {
    if (this.finalTreeCache === undefined) {
      this.finalTreeCache = this.layerCount > 0 ? this.analysis.tree.treeAt(this.layerCount - 1) : null;
    }
    return this.finalTreeCache;
  }

  /**
   * Each node present after the last layer under `prefix` (an absolute path ending in "/"), in no particular
   * order; the node object is valid during the call only. Cheaper than walking finalTree(), whose FileNodes (a copy
   * of the whole tree) a run would otherwise build for the hints alone.
   */
  finalNodes(prefix: string, visit: (node: FinalNode) => void): void {
    const model = this.analysis.tree;
    if (model.finalNodes) {
      model.finalNodes(prefix, visit);
      return;
    }
    const root = this.finalTree();
    if (root) walkTree(root, (node) => node !== root && node.path.startsWith(prefix) && visit(node));
  }

  /** Whether an absolute path is present after the last layer. */
  presentAtEnd(path: string): boolean {
    const model = this.analysis.tree;
    if (model.presentAtEnd) return model.presentAtEnd(path);
    const root = this.finalTree();
    return root !== null && findNode(root, path) !== undefined;
  }

  /**
   * A hint for `layer`, with its instruction and Dockerfile line filled in; `claims` name the bytes it counts
   * (they add up to `bytes`), so that a total over several hints counts each byte once.
   */
  hint(fields: Omit<Hint, "instruction" | "line">, claims: readonly ByteClaim[] = []): Hint {
    const hint: Hint = { ...fields };
    const instruction = this.command(fields.layer);
    if (instruction !== "") hint.instruction = instruction;
    const line = this.lineOf(fields.layer);
    if (line !== undefined) hint.line = line;
    recordClaims(hint, claims);
    return hint;
  }

  /** The claim of an installed package of this analysis (its final files). */
  packageClaim(pkg: PackageInfo): ByteClaim {
    if (this.packageIndexes === undefined) {
      this.packageIndexes = new Map((this.analysis.summary.packages?.packages ?? []).map((p, index) => [p, index]));
    }
    return { package: this.packageIndexes.get(pkg) ?? -1 };
  }

  /** The claim of a waste item: junk is a final file, shadowed and deleted items the copy their layer wrote. */
  wasteClaim(item: WasteItem): ByteClaim {
    return { path: item.path, layer: item.kind === "junk" ? "final" : item.addedBy, bytes: item.bytes };
  }

  /** The claim of the copy of `path` that `layer` wrote: the final file, unless a later layer replaced or deleted it. */
  copyClaim(layer: number, path: string, bytes: number): ByteClaim {
    if (this.replacedCopies === undefined) {
      this.replacedCopies = new Set(this.analysis.summary.waste.filter((item) => item.kind !== "junk").map((item) => `${item.addedBy}\u0000${item.path}`));
    }
    return { path, layer: this.replacedCopies.has(`${layer}\u0000${path}`) ? layer : "final", bytes };
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
  return `${thousands(count)} file${count === 1 ? "" : "s"}`;
}
