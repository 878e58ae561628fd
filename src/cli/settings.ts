import { isAbsolute, relative } from "node:path";
import { DIVE_RULE_NAMES, loadDiveCi, parseDiveRuleValue } from "../config/dive-ci.js";
import { findDiveCi, findLayerscopeConfig } from "../config/find-config.js";
import { loadLayerscopeConfig } from "../config/layerscope-config.js";
import { DEFAULT_DIVE_RULES, DEFAULT_HINT_GATE, DEFAULT_LAYERSCOPE_RULES, emptyConfig, type LayerscopeConfig, type RuleSettings } from "../config/types.js";
import type { RuleSetChoice } from "../analysis/rules-types.js";
import { checkKeyBindings } from "../tui/state/key-conflicts.js";
import { ConfigError } from "../errors.js";
import { absolutePath } from "../fs/paths.js";

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
  ruleSet: RuleSetChoice;
  /** The `.dive-ci` read, when any */
  diveCiFile?: string;
}

/** A file a flag names; an empty name resolved to the working directory ("cannot read config DIR: is a directory"). */
function namedFile(name: string, flag: string, cwd: string): string {
  if (name.trim() === "") throw new ConfigError(`${flag}: an empty path names no file`);
  return absolutePath(name, cwd);
}

/**
 * The rules of a run. layerscope's rule set by default: its defaults < `.layerscope.yaml` `rules:`. Dive's when
 * asked for: a Dive flag or `--ci-config`, else `ci.rule-set: dive`, else a `.dive-ci` in the working directory;
 * then Dive's defaults < `.dive-ci` < flags, plus only the `rules:` the config sets. The hint gate applies to both.
 * Every value is checked here, before any image is read.
 */
export async function resolveSettings(flags: RuleFlags, cwd: string): Promise<ResolvedSettings> {
  const configFile = flags.config !== undefined ? namedFile(flags.config, "--config", cwd) : await findLayerscopeConfig(cwd);
  const config = await loadCheckedConfig(configFile);
  const diveFlags = DIVE_RULE_NAMES.filter((name) => flags[name] !== undefined);
  const foundDiveCi = flags.ciConfig === undefined ? await findDiveCi(cwd) : undefined;
  const ruleSet = chooseRuleSet(flags, diveFlags, config, foundDiveCi, cwd);

  // a .dive-ci and Dive's flags are checked even when layerscope's rule set decides
  const diveCiFile = flags.ciConfig !== undefined ? namedFile(flags.ciConfig, "--ci-config", cwd) : foundDiveCi;
  const fromFile = diveCiFile !== undefined ? await loadDiveCi(diveCiFile) : {};
  const dive = { ...DEFAULT_DIVE_RULES, ...fromFile };
  for (const name of diveFlags) dive[name] = parseDiveRuleValue(name, flags[name], `--${name}`);

  const hints = { ...DEFAULT_HINT_GATE, ...withoutSilence(config.hints) };
  const rules: RuleSettings =
    ruleSet.name === "dive" ? { dive, layerscope: config.rules, hints } : { layerscope: { ...DEFAULT_LAYERSCOPE_RULES, ...config.rules }, hints };
  return { rules, config, ruleSet, diveCiFile };
}

/** `.layerscope.yaml` with its key bindings checked too (the UI's, but a mistake should not wait for the UI). */
export async function loadCheckedConfig(file: string | undefined): Promise<LayerscopeConfig> {
  const config = file !== undefined ? await loadLayerscopeConfig(file) : emptyConfig();
  try {
    checkKeyBindings(config.keys);
  } catch (error) {
    // `keys.quit: …` → `keys.quit in FILE: …`, as the config's other mistakes read
    if (error instanceof ConfigError) throw new ConfigError(error.message.replace(/^(keys\.[^:]*):/, (_all, key: string) => `${key} in ${file}:`));
    throw error;
  }
  return config;
}

function chooseRuleSet(flags: RuleFlags, diveFlags: readonly string[], config: LayerscopeConfig, foundDiveCi: string | undefined, cwd: string): RuleSetChoice {
  const diveCi = flags.ciConfig !== undefined ? `--ci-config ${flags.ciConfig}` : foundDiveCi !== undefined ? shortPath(foundDiveCi, cwd) : undefined;
  // Dive's flags override a .dive-ci's values one by one: the file still gives the others
  if (diveFlags.length > 0) return { name: "dive", chosenBy: [diveFlags.map((name) => `--${name}`).join(" "), ...(diveCi ? [diveCi] : [])].join(" and ") };
  if (flags.ciConfig !== undefined) return { name: "dive", chosenBy: `--ci-config ${flags.ciConfig}` };
  if (config.ruleSet !== undefined) return { name: config.ruleSet, chosenBy: `ci.rule-set in ${shortPath(config.file ?? "", cwd)}` };
  if (foundDiveCi !== undefined) return { name: "dive", chosenBy: shortPath(foundDiveCi, cwd) };
  return { name: "layerscope", chosenBy: "default" };
}

function withoutSilence({ silence: _silence, ...gate }: LayerscopeConfig["hints"]) {
  return gate;
}

function shortPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : file;
}
