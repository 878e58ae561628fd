import { DIVE_RULE_NAMES, loadDiveCi, parseDiveRuleValue } from "../config/dive-ci.js";
import { findDiveCi, findLayerscopeConfig } from "../config/find-config.js";
import { loadLayerscopeConfig } from "../config/layerscope-config.js";
import { DEFAULT_DIVE_RULES, emptyConfig, type LayerscopeConfig, type RuleSettings } from "../config/types.js";
import { absolutePath } from "./review-inputs.js";

/** Rule and config options as commander gives them. */
export interface RuleFlags {
  ciConfig?: string;
  config?: string;
  lowestEfficiency?: string;
  highestWastedBytes?: string;
  highestUserWastedPercent?: string;
}

export interface ResolvedSettings {
  rules: RuleSettings;
  config: LayerscopeConfig;
  /** The `.dive-ci` read, when any */
  diveCiFile?: string;
}

/** Dive rules: defaults < `.dive-ci` < command-line flags. layerscope rules come from `.layerscope.yaml`. */
export async function resolveSettings(flags: RuleFlags, cwd: string): Promise<ResolvedSettings> {
  const diveCiFile = flags.ciConfig !== undefined ? absolutePath(flags.ciConfig, cwd) : await findDiveCi(cwd);
  const fromFile = diveCiFile !== undefined ? await loadDiveCi(diveCiFile) : {};
  const dive = { ...DEFAULT_DIVE_RULES, ...fromFile };
  for (const name of DIVE_RULE_NAMES) {
    const flag = flags[name];
    if (flag !== undefined) dive[name] = parseDiveRuleValue(name, flag, `--${name}`);
  }
  const configFile = flags.config !== undefined ? absolutePath(flags.config, cwd) : await findLayerscopeConfig(cwd);
  const config = configFile !== undefined ? await loadLayerscopeConfig(configFile) : emptyConfig();
  return { rules: { dive, layerscope: config.rules }, config, diveCiFile };
}
