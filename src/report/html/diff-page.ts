import type { Analysis } from "../../analysis/types.js";
import type { ImageDiff } from "../../diff/types.js";
import type { FileNode } from "../../tree/types.js";
import { headlineFigures, verdictIcon, verdictText } from "../diff-format.js";
import { pageImage, pageLayers } from "./analysis-page.js";
import { addLeaf, compressChains, groupSmallFiles, newDir, packDir, pruneEmpty } from "./pack-tree.js";
import { NodeKind, type DiffPageData, type PackedTree } from "./page-data.js";

export interface DiffPageOptions {
  generator: string;
  baseDockerfile?: { text: string; target?: string };
  headDockerfile?: { text: string; target?: string };
}

/** Everything the diff page draws: the diff, both images' figures and layers, and the tree of size changes. */
export function buildDiffPage(diff: ImageDiff, base: Analysis, head: Analysis, options: DiffPageOptions): DiffPageData {
  const baseTree = finalTreeOf(base);
  const headTree = finalTreeOf(head);
  return {
    page: "diff",
    generator: options.generator,
    diff,
    verdict: { icon: verdictIcon(diff), text: verdictText(diff), figures: headlineFigures(diff) },
    base: { image: pageImage(base.summary.image), layers: pageLayers(base, baseTree, options.baseDockerfile) },
    head: { image: pageImage(head.summary.image), layers: pageLayers(head, headTree, options.headDockerfile) },
    delta: packDeltaTree(baseTree, headTree),
  };
}

function finalTreeOf(analysis: Analysis): FileNode | undefined {
  const count = analysis.summary.layers.length;
  return count > 0 ? analysis.tree.treeAt(count - 1) : undefined;
}

/** One leaf per regular file whose size differs between the final trees, sized by the change. */
export function packDeltaTree(baseTree: FileNode | undefined, headTree: FileNode | undefined): PackedTree {
  const baseFiles = finalFiles(baseTree);
  const headFiles = finalFiles(headTree);
  const draft = newDir();
  let fileCount = 0;
  for (const [path, headFile] of headFiles) {
    const baseSize = baseFiles.get(path)?.size;
    if (baseSize === headFile.size) continue;
    const kind = baseSize === undefined ? NodeKind.added : headFile.size > baseSize ? NodeKind.grown : NodeKind.shrunk;
    fileCount++;
    addLeaf(draft, path, [Math.abs(headFile.size - (baseSize ?? 0)), headFile.layer, kind, undefined, baseSize ?? 0]);
  }
  for (const [path, baseFile] of baseFiles) {
    if (headFiles.has(path) || baseFile.size === 0) continue;
    fileCount++;
    addLeaf(draft, path, [baseFile.size, baseFile.layer, NodeKind.removed, undefined, baseFile.size]);
  }
  const root = packDir("/", draft);
  pruneEmpty(root);
  compressChains(root);
  return { root, groupedBelow: groupSmallFiles(root), fileCount };
}

/** The regular files of a final tree by path (ghosts of removed paths left out). */
function finalFiles(root: FileNode | undefined): Map<string, FileNode> {
  const files = new Map<string, FileNode>();
  const stack: FileNode[] = root ? [root] : [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.change === "removed") continue;
    if (node.type === "file") files.set(node.path, node);
    if (node.children) for (const child of node.children) stack.push(child);
  }
  return files;
}
