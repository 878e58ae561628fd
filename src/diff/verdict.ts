import { SEVERITY_RANK, type Hint } from "../analysis/hints/types.js";
import type { Delta, DiffAssessment, DiffChange, ImageDiff } from "./types.js";

/** A byte figure that moved less than this either way is unchanged: rebuilds differ by logs and timestamps. */
export const NEGLIGIBLE_BYTES = 1000;

/** The figures the assessment reads; the efficiency is not one of them (it follows from size and waste). */
export type AssessedDiff = Pick<ImageDiff, "size" | "hints">;

/**
 * Whether HEAD is better or worse than BASE for the one who ships it: the bytes shipped (uncompressed, and
 * compressed when both sides know it), the wasted bytes, and the hints of warning severity or worse that are new
 * or gone. A falling efficiency ratio alone is no regression: it falls when the same waste is a larger share of
 * a smaller image. Pure.
 */
export function assessDiff(diff: AssessedDiff): DiffAssessment {
  const better: DiffChange[] = [];
  const worse: DiffChange[] = [];
  const bytes = (figure: DiffChange["figure"], delta: Delta | undefined, down: string, up: string): void => {
    if (delta === undefined || Math.abs(delta.delta) < NEGLIGIBLE_BYTES) return;
    if (delta.delta < 0) better.push({ figure, text: down, delta: delta.delta });
    else worse.push({ figure, text: up, delta: delta.delta });
  };
  bytes("size", diff.size.total, "smaller", "bigger");
  bytes("pull", diff.size.compressed, "less to pull", "more to pull");
  bytes("waste", diff.size.wasted, "less waste", "more waste");
  const added = serious(diff.hints.new);
  const gone = serious(diff.hints.gone);
  if (added > 0) worse.push({ figure: "hints", text: `${added} new hint${added === 1 ? "" : "s"}`, delta: added });
  if (gone > 0) better.push({ figure: "hints", text: `${gone} hint${gone === 1 ? "" : "s"} fixed`, delta: -gone });
  const outcome = worse.length === 0 ? (better.length === 0 ? "unchanged" : "better") : better.length === 0 ? "worse" : "mixed";
  return { outcome, better, worse };
}

function serious(hints: readonly Hint[]): number {
  return hints.filter((hint) => SEVERITY_RANK[hint.severity] >= SEVERITY_RANK.warning).length;
}

/** `better: smaller, less waste` / `mixed: smaller, but more waste` / `worse: bigger, 1 new hint` / `unchanged: …` */
export function assessmentText(assessment: DiffAssessment): string {
  const better = assessment.better.map((change) => change.text).join(", ");
  const worse = assessment.worse.map((change) => change.text).join(", ");
  if (assessment.outcome === "unchanged") return "unchanged: same size, waste and hints";
  if (assessment.outcome === "better") return `better: ${better}`;
  if (assessment.outcome === "worse") return `worse: ${worse}`;
  return `mixed: ${better}, but ${worse}`;
}
