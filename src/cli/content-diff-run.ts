import type { Analysis } from "../analysis/types.js";
import type { ContentDiff } from "../diff/content-diff.js";
import type { CliIo } from "./io.js";
import { holdAnalysis } from "./held-analysis.js";
import { loadAnalysis, type LoadOptions, type SourceFlags } from "./load-analysis.js";

export interface AnalysedPair {
  base: Analysis;
  head: Analysis;
  /** With --content: the unified diffs of the files whose bytes differ */
  content?: ContentDiff;
}

/**
 * BASE and HEAD analysed one after the other; with `--content [GLOB]`, both sources stay open until the modified
 * files' contents are read and diffed (the diff library loads only then).
 */
export async function analysePair(base: string, head: string, content: string | boolean | undefined, flags: SourceFlags, io: CliIo, load: LoadOptions): Promise<AnalysedPair> {
  if (content === undefined || content === false) {
    const baseAnalysis = await loadAnalysis(base, flags, io, load);
    return { base: baseAnalysis, head: await loadAnalysis(head, flags, io, load) };
  }
  const heldBase = await holdAnalysis(base, flags, io, load);
  try {
    const heldHead = await holdAnalysis(head, flags, io, load);
    try {
      const { diffContents } = await import("../diff/content-diff.js");
      const diff = await diffContents(heldBase, heldHead, content === true ? {} : { glob: content });
      return { base: heldBase.analysis, head: heldHead.analysis, content: diff };
    } finally {
      await heldHead.release();
    }
  } finally {
    await heldBase.release();
  }
}
