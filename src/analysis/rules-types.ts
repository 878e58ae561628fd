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
}

export interface RuleSettings {
  dive: DiveRuleSettings;
  layerscope: LayerscopeRuleSettings;
}

export const DEFAULT_DIVE_RULES: DiveRuleSettings = {
  lowestEfficiency: 0.9,
  highestWastedBytes: null,
  highestUserWastedPercent: 0.1,
};

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
