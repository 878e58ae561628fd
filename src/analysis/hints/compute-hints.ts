import type { Analysis } from "../types.js";
import { aptRecommendsHints } from "./apt-hints.js";
import { copiedNodeModulesHints } from "./build-context.js";
import { buildToolHints } from "./build-tools.js";
import { HintContext } from "./context.js";
import { deletedLaterHints, replacedLaterHints } from "./deleted-later.js";
import { duplicateHints } from "./duplicate-hints.js";
import { junkHints } from "./junk-hints.js";
import { metadataReemitHints } from "./metadata-reemit.js";
import { secretConfigHints } from "./secret-config.js";
import { secretFileHints } from "./secret-files.js";
import { SEVERITY_RANK, type Hint, type HintOptions, type HintSeverity } from "./types.js";
import { runSteps, type Steps } from "../../steps/steps.js";

/** A rule gives its hints, or gives them in steps (a rule that looks at every path) */
const RULES: Array<(context: HintContext) => Hint[] | Steps<Hint[]>> = [
  junkHints,
  deletedLaterHints,
  replacedLaterHints,
  aptRecommendsHints,
  metadataReemitHints,
  copiedNodeModulesHints,
  buildToolHints,
  secretConfigHints,
  secretFileHints,
  duplicateHints,
];

/** An info hint whose bytes reach 5% of the image, and at least 10 MB, is raised to a warning. */
const WARNING_SHARE = 0.05;
const WARNING_MIN_BYTES = 10_000_000;

/**
 * The severity of a hint from its kind and its bytes: a hint that removes a large share of the image is at least
 * a warning, whatever its kind (hundreds of MB of recommended-only packages are not a footnote).
 */
export function severityWithBytes(hint: Pick<Hint, "severity" | "bytes">, imageBytes: number): HintSeverity {
  const large = hint.bytes >= Math.max(WARNING_MIN_BYTES, WARNING_SHARE * imageBytes);
  return large && SEVERITY_RANK[hint.severity] < SEVERITY_RANK.warning ? "warning" : hint.severity;
}

/**
 * Fix hints for an analysed image: each names the layer (and with a Dockerfile, the line) to change, the bytes
 * at stake and the fix. The severity weighs the bytes (severityWithBytes). Sorted by severity, then bytes
 * (largest first), then layer. Pure: reads the analysis only.
 */
export function computeHints(analysis: Analysis, options: HintOptions = {}): Hint[] {
  return runSteps(hintSteps(analysis, options));
}

/** computeHints in steps: a rule at a time */
export function* hintSteps(analysis: Analysis, options: HintOptions = {}): Steps<Hint[]> {
  const context = new HintContext(analysis, options.dockerfile !== undefined ? { text: options.dockerfile, target: options.target } : undefined);
  const silenced = new Set(options.silence ?? []);
  const imageBytes = analysis.summary.image.totalBytes;
  const found: Hint[] = [];
  for (const rule of RULES) {
    yield;
    const hints = rule(context);
    found.push(...(Array.isArray(hints) ? hints : yield* hints));
  }
  const hints = found.filter((hint) => !silenced.has(hint.id));
  for (const hint of hints) hint.severity = severityWithBytes(hint, imageBytes);
  return hints.sort(
    (a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.bytes - a.bytes || a.layer - b.layer || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** The hints of one layer, for the UI's layer details pane. */
export function hintsOfLayer(hints: readonly Hint[], layer: number): Hint[] {
  return hints.filter((hint) => hint.layer === layer);
}

/** Every hint id the catalogue can give, for documentation and `hints.silence` checks. */
export const HINT_IDS = [
  "apt-lists",
  "apt-cache",
  "apt-cleanup-later",
  "apt-recommends",
  "apk-cache",
  "pip-cache",
  "npm-cache",
  "yarn-cache",
  "yum-cache",
  "tmp-files",
  "junk",
  "deleted-later",
  "replaced-later",
  "metadata-reemit",
  "git-dir",
  "node-modules-copied",
  "editor-leftovers",
  "build-tools",
  "secret-env",
  "secret-build-arg",
  "secret-label",
  "secret-file",
  "duplicate-content",
] as const;
