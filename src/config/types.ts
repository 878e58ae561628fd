import type { JunkRule } from "../analysis/types.js";
import type { HintGateSettings, LayerscopeRuleSettings, RuleSetName } from "../analysis/rules-types.js";

export type {
  DiveRuleSettings,
  RuleSetName,
  LayerscopeRuleSettings,
  RuleSettings,
  Threshold,
} from "../analysis/rules-types.js";
export { DEFAULT_DIVE_RULES, DEFAULT_HINT_GATE, DEFAULT_LAYERSCOPE_RULES } from "../analysis/rules-types.js";

export interface JunkConfig {
  add: JunkRule[];
  /** Ids of default junk rules to drop */
  remove: string[];
}

export type HintSeverity = "info" | "warning" | "error";

/** A size limit given as bytes (`20MB`) or relative to the base image (`"10%"`). */
type SizeLimit = { bytes: number } | { fraction: number };

export interface DiffConfig {
  maxSizeIncrease?: SizeLimit;
  /** Fraction of efficiency (0.05 = five points) */
  maxEfficiencyDrop?: number;
  noNewHints?: HintSeverity;
}

/** `.layerscope.yaml`, parsed and validated. */
export interface LayerscopeConfig {
  /** The file it came from, when any */
  file?: string;
  rules: LayerscopeRuleSettings;
  junk: JunkConfig;
  /** UI key bindings: action name → keys */
  keys: Record<string, string[]>;
  hints: HintsConfig;
  diff: DiffConfig;
  /** `ci: { rule-set }`: the rule set that decides the verdict, when the config names one */
  ruleSet?: RuleSetName;
  /** `base:` the base image to compare layers with, and whether rules and hints skip its layers */
  base?: BaseConfig;
}

export interface BaseConfig {
  /** Like `--base IMAGE` */
  image?: string;
  /** Like `--ignore-base`: rules and hints apply to the image's own layers only */
  ignore?: boolean;
}

/** `hints:`: ids left out of every report, and the gate's `fail-on` severity and per-id exceptions */
export interface HintsConfig extends Partial<HintGateSettings> {
  silence: string[];
}

export function emptyConfig(): LayerscopeConfig {
  return { rules: {}, junk: { add: [], remove: [] }, keys: {}, hints: { silence: [] }, diff: {} };
}
