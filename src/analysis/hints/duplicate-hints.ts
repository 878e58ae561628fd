import prettyBytes from "pretty-bytes";
import { printable } from "../../tar/path.js";
import type { DuplicateCopy, DuplicateGroup } from "../duplicate-types.js";
import { files, type HintContext } from "./context.js";
import type { Hint } from "./types.js";

/** Copies smaller than this together are not worth a hint (they still show in the duplicates list). */
const MIN_BYTES = 64 * 1024;

interface ExtraCopy {
  copy: DuplicateCopy;
  kept: DuplicateCopy;
  size: number;
}

/**
 * Identical files at different paths (with `--duplicates`): one hint per layer that writes extra copies (every copy
 * but the first, by layer then path). The fix fits where the copies come from: packages, an earlier layer, or the
 * same layer.
 */
export function duplicateHints(context: HintContext): Hint[] {
  const report = context.analysis.summary.duplicates;
  if (!report) return [];
  const byLayer = new Map<number, ExtraCopy[]>();
  for (const group of report.groups) {
    for (const extra of extraCopies(group)) {
      const list = byLayer.get(extra.copy.layer);
      if (list) list.push(extra);
      else byLayer.set(extra.copy.layer, [extra]);
    }
  }
  const hints: Hint[] = [];
  for (const [layer, extras] of byLayer) {
    const bytes = extras.reduce((sum, extra) => sum + extra.size, 0);
    if (bytes < MIN_BYTES) continue;
    const largest = extras.reduce((a, b) => (b.size > a.size ? b : a));
    const example = `${printable(largest.copy.path)} = ${printable(largest.kept.path)}`;
    hints.push(
      context.hint({
        id: "duplicate-content",
        severity: "info",
        layer,
        ...(extras.length === 1 ? { path: largest.copy.path } : {}),
        bytes,
        message: `${files(extras.length)} written here hold the same bytes as other files of the image (${example}): one copy would save ${prettyBytes(bytes)}`,
        fix: fixFor(context, largest, extras.every((extra) => extra.kept.layer === layer)),
      }),
    );
  }
  return hints.sort((a, b) => a.layer - b.layer);
}

function extraCopies(group: DuplicateGroup): ExtraCopy[] {
  const [kept, ...rest] = group.copies;
  return rest.map((copy) => ({ copy, kept, size: group.size }));
}

function fixFor(context: HintContext, example: ExtraCopy, sameLayer: boolean): string {
  const owner = packageOf(context, example.copy.path);
  const keptOwner = packageOf(context, example.kept.path);
  if (owner && keptOwner && owner !== keptOwner) {
    return `packages ${owner} and ${keptOwner} ship the same file: drop the package that brings the second copy if the other serves`;
  }
  if (sameLayer) return "keep one copy and make the others links to it (`ln -sf` or `ln`) in the instruction that writes them";
  return `layer ${example.kept.layer} has these bytes already: link to its copy (or COPY --from only what is missing) instead of writing them again`;
}

function packageOf(context: HintContext, path: string): string | undefined {
  const index = context.analysis.packageFiles?.get(path);
  return index === undefined ? undefined : context.analysis.summary.packages?.packages[index]?.name;
}
