import type { HintSeverity } from "./hints/types.js";

/** A rule threshold: a number, or `null` when the rule is turned off (`disabled`/`off`). */
export type Threshold = number | null;

/** Dive's three CI rules, on the Dive-compatible figures. */
export interface DiveRuleSettings {
  lowestEfficiency: Threshold;
  highestWastedBytes: Threshold;
  highestUserWastedPercent: Threshold;
}

/** layerscope's own rules (`.layerscope.yaml` `rules:`); an absent rule is not checked at all. */
export interface LayerscopeRuleSettings {
  minEfficiency?: Threshold;
  maxWastedBytes?: Threshold;
  maxWastedPercent?: Threshold;
  maxJunkBytes?: Threshold;
  maxImageBytes?: Threshold;
  maxLayers?: Threshold;
  /** Globs that must match nothing in the final tree */
  forbidPaths?: string[];
  /** Globs of paths `forbidPaths` lets through */
  forbidPathsAllow?: string[];
  /** Whether `forbidPaths` lets through files a package (dpkg, apk, pip, npm) owns, and symlinks to them */
  forbidPathsAllowPackageFiles?: boolean;
}

/** Which hints fail the gate: by severity, with per-id exceptions either way. */
export interface HintGateSettings {
  /** Hints of this severity or worse fail the gate; `never` turns the gate off */
  failOn: HintSeverity | "never";
  /** Hint ids that fail the gate whatever their severity */
  fail: string[];
  /** Hint ids that never fail the gate (they are still reported) */
  allow: string[];
}

/** The rule set that decides a verdict: layerscope's own rules, or Dive's three on Dive's figures. */
export type RuleSetName = "layerscope" | "dive";

/** The rule set that decided a verdict, and what chose it (the reports say both). */
export interface RuleSetChoice {
  name: RuleSetName;
  /** `default`, or what asked for it: `.dive-ci`, `--lowestEfficiency`, `ci.rule-set in .layerscope.yaml`… */
  chosenBy: string;
}

export interface RuleSettings {
  /** Dive's rules, checked only when present (the CLI sets them when the Dive rule set is chosen) */
  dive?: DiveRuleSettings;
  layerscope: LayerscopeRuleSettings;
  /** Checked only when present and hints are given to evaluateRules */
  hints?: HintGateSettings;
}

export const DEFAULT_DIVE_RULES: DiveRuleSettings = {
  lowestEfficiency: 0.9,
  highestWastedBytes: null,
  highestUserWastedPercent: 0.1,
};

/**
 * layerscope's default gate, measured on the real test images (docs/ci-gate.md): a clean image passes, one that
 * leaves its package caches behind, deletes or overwrites what an earlier layer shipped, or wastes more than a
 * tenth of its bytes fails.
 */
export const DEFAULT_LAYERSCOPE_RULES: Readonly<LayerscopeRuleSettings> = {
  minEfficiency: 0.9,
  maxWastedBytes: 20_000_000,
  maxJunkBytes: 5_000_000,
};

export const DEFAULT_HINT_GATE: Readonly<HintGateSettings> = { failOn: "error", fail: [], allow: [] };

export type RuleStatus = "pass" | "fail" | "skip";

export interface RuleResult {
  /** Dive's camelCase name for Dive's rules, the `.layerscope.yaml` key for layerscope's */
  name: string;
  status: RuleStatus;
  /** The measured figure (bytes, fraction or count) */
  value: number;
  /** The limit, `null` when the rule is disabled */
  threshold: number | null;
  /** One line explaining the verdict */
  message: string;
}
