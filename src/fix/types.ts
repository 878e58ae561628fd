import type { Hint } from "../analysis/hints/types.js";

/** `safe` keeps what the image installs; `all` may change it (fewer packages, a build stage). */
export type FixMode = "safe" | "all";

/** A replacement of the Dockerfile's text between two offsets (an insertion when they are equal). */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** The hint a fix answers, as the reports name it. */
export interface FixedHint {
  id: string;
  layer: number;
  line?: number;
  bytes: number;
}

/** One rewrite: the hints it answers, its edits, and the image paths it may remove or change. */
export interface PlannedFix {
  /** The rule that made it: apt-clean, apt-update-merge, pip-no-cache… (docs/fix.md lists them) */
  rule: string;
  hints: FixedHint[];
  /** 1-based Dockerfile line of the instruction it changes first */
  line: number;
  /** What the analysis expects the fix to save: Σ of the hints' bytes, or of the part of them it answers */
  expectedBytes: number;
  /** What it does, in one line */
  description: string;
  edits: TextEdit[];
  /** Lines it adds to .dockerignore */
  ignore: string[];
  /** Globs of the image paths the fix may remove or change (absolute, dotfiles included) */
  accounts: string[];
  /** What the reviewer must do or check (a secret the build must now pass…) */
  review?: string;
  /** Build secrets the patched Dockerfile mounts (ids); the build must pass them */
  secrets?: string[];
  /** The packages that go (apt --no-install-recommends), with their bytes */
  packages?: Array<{ name: string; bytes: number }>;
}

/** A hint fix leaves as it is, and why. */
export interface SkippedHint {
  hint: FixedHint;
  reason: string;
}

/** What fix proposes for one Dockerfile (and its context's .dockerignore). */
export interface FixPlan {
  mode: FixMode;
  fixes: PlannedFix[];
  skipped: SkippedHint[];
  /** The Dockerfile before and after every fix */
  dockerfile: { before: string; after: string };
  /** The .dockerignore before (undefined when there is none) and after; absent when it does not change */
  dockerignore?: { before?: string; after: string };
}

export function fixedHint(hint: Hint): FixedHint {
  const fixed: FixedHint = { id: hint.id, layer: hint.layer, bytes: hint.bytes };
  if (hint.line !== undefined) fixed.line = hint.line;
  return fixed;
}
