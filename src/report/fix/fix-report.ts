import type { FixProof } from "../../fix/proof/prove.js";
import type { FixPlan } from "../../fix/types.js";
import { noun } from "../../text/format.js";

/** Everything a fix run reports: the plan, its patch (whole and per fix) and, with --prove, the proof. */
export interface FixReport {
  /** The image the hints come from, as given or built */
  image: string;
  /** The Dockerfile's path relative to the context, or to patchRoot (the patch's paths) */
  dockerfile: string;
  /** The folder the patch's paths start at when it is not the context: the Dockerfile lies outside the context */
  patchRoot?: string;
  plan: FixPlan;
  patch: string;
  /** The patch of each fix alone, in the order of plan.fixes */
  fixPatches: string[];
  proof?: FixProof;
  /** The builder that built the images (--prove, or without --image) */
  builder?: string;
  /** Files written by --write */
  written?: string[];
}

/** "3 fixes", "1 fix" */
export function plural(count: number, word: string): string {
  return `${count} ${noun(count, word)}`;
}

/** "line 4" of the Dockerfile, or "layer 3" when the hint has no line */
export function whereOf(hint: { line?: number; layer: number }): string {
  return hint.line !== undefined ? `line ${hint.line}` : `layer ${hint.layer}`;
}
