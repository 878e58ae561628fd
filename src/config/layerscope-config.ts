import { ConfigError } from "./errors.js";
import type { BaseConfig, DiffConfig, HintSeverity, LayerscopeConfig, LayerscopeRuleSettings, Threshold } from "./types.js";
import { emptyConfig } from "./types.js";
import { isDisabled, parseBytes, parseCount, parseFraction } from "./units.js";
import { asMap, asStringList, checkKeys, readYamlFile, type YamlMap } from "./yaml-file.js";
import type { JunkRule } from "../analysis/types.js";

const TOP_KEYS = ["rules", "junk", "keys", "hints", "diff", "base"] as const;
const HINT_SEVERITIES: readonly HintSeverity[] = ["info", "warning", "error"];

type ThresholdRule = Exclude<keyof LayerscopeRuleSettings, "forbidPaths">;
type ValueParser = (value: unknown, what: string) => number;

const THRESHOLD_RULES: Record<string, [ThresholdRule, ValueParser]> = {
  "min-efficiency": ["minEfficiency", parseFraction],
  "max-wasted-bytes": ["maxWastedBytes", parseBytes],
  "max-wasted-percent": ["maxWastedPercent", parseFraction],
  "max-junk-bytes": ["maxJunkBytes", parseBytes],
  "max-image-bytes": ["maxImageBytes", parseBytes],
  "max-layers": ["maxLayers", parseCount],
};

/** `.layerscope.yaml`, parsed from YAML already; throws ConfigError naming FILE on any unknown key or bad value. */
export function parseLayerscopeConfig(document: unknown, file: string): LayerscopeConfig {
  const top = asMap(document, "the top level", file);
  checkKeys(top, TOP_KEYS, "", file);
  const config = emptyConfig();
  config.file = file;
  config.rules = parseRules(asMap(top.rules, "rules", file), file);
  config.junk = parseJunk(asMap(top.junk, "junk", file), file);
  config.keys = parseKeys(asMap(top.keys, "keys", file), file);
  const hints = asMap(top.hints, "hints", file);
  checkKeys(hints, ["silence"], "hints.", file);
  config.hints = { silence: hints.silence === undefined ? [] : asStringList(hints.silence, "hints.silence", file) };
  config.diff = parseDiff(asMap(top.diff, "diff", file), file);
  if (top.base !== undefined) config.base = parseBase(asMap(top.base, "base", file), file);
  return config;
}

export async function loadLayerscopeConfig(file: string): Promise<LayerscopeConfig> {
  return parseLayerscopeConfig(await readYamlFile(file), file);
}

function parseRules(rules: YamlMap, file: string): LayerscopeRuleSettings {
  checkKeys(rules, [...Object.keys(THRESHOLD_RULES), "forbid-paths"], "rules.", file);
  const settings: LayerscopeRuleSettings = {};
  for (const [key, [name, parse]] of Object.entries(THRESHOLD_RULES)) {
    const value = rules[key];
    if (value === undefined) continue;
    const threshold: Threshold = isDisabled(value) || value === null ? null : parse(value, `rules.${key} in ${file}`);
    settings[name] = threshold;
  }
  if (rules["forbid-paths"] !== undefined) {
    settings.forbidPaths = asStringList(rules["forbid-paths"], "rules.forbid-paths", file);
  }
  return settings;
}

function parseJunk(junk: YamlMap, file: string): LayerscopeConfig["junk"] {
  checkKeys(junk, ["add", "remove"], "junk.", file);
  const addList = junk.add === undefined ? [] : junk.add;
  if (!Array.isArray(addList)) throw new ConfigError(`junk.add in ${file} must be a list`);
  const add = addList.map((item: unknown): JunkRule => {
    if (typeof item === "string") return { id: item, glob: item };
    const rule = asMap(item, "a junk.add entry", file);
    checkKeys(rule, ["id", "glob"], "junk.add[].", file);
    if (typeof rule.glob !== "string" || rule.glob === "") throw new ConfigError(`a junk.add entry in ${file} needs a glob`);
    if (rule.id !== undefined && typeof rule.id !== "string") throw new ConfigError(`a junk.add id in ${file} must be a string`);
    return { id: rule.id ?? rule.glob, glob: rule.glob };
  });
  const remove = junk.remove === undefined ? [] : asStringList(junk.remove, "junk.remove", file);
  return { add, remove };
}

function parseKeys(keys: YamlMap, file: string): Record<string, string[]> {
  const bindings: Record<string, string[]> = {};
  for (const [action, value] of Object.entries(keys)) {
    const list = asStringList(value, `keys.${action}`, file);
    if (list.length === 0 || list.some((key) => key === "")) throw new ConfigError(`keys.${action} in ${file} needs a key`);
    bindings[action] = list;
  }
  return bindings;
}

function parseDiff(diff: YamlMap, file: string): DiffConfig {
  checkKeys(diff, ["max-size-increase", "max-efficiency-drop", "no-new-hints"], "diff.", file);
  const result: DiffConfig = {};
  const increase = diff["max-size-increase"];
  if (increase !== undefined) {
    const what = `diff.max-size-increase in ${file}`;
    result.maxSizeIncrease =
      typeof increase === "string" && increase.trim().endsWith("%")
        ? { fraction: parseFraction(increase, what) }
        : { bytes: parseBytes(increase, what) };
  }
  if (diff["max-efficiency-drop"] !== undefined) {
    result.maxEfficiencyDrop = parseFraction(diff["max-efficiency-drop"], `diff.max-efficiency-drop in ${file}`);
  }
  const severity = diff["no-new-hints"];
  if (severity !== undefined) {
    if (!HINT_SEVERITIES.includes(severity as HintSeverity)) {
      throw new ConfigError(`diff.no-new-hints in ${file} must be one of ${HINT_SEVERITIES.join(", ")}`);
    }
    result.noNewHints = severity as HintSeverity;
  }
  return result;
}

function parseBase(base: YamlMap, file: string): BaseConfig {
  checkKeys(base, ["image", "ignore"], "base.", file);
  const result: BaseConfig = {};
  if (base.image !== undefined) {
    if (typeof base.image !== "string" || base.image.trim() === "") throw new ConfigError(`base.image in ${file} must be an image reference`);
    result.image = base.image;
  }
  if (base.ignore !== undefined) {
    if (typeof base.ignore !== "boolean") throw new ConfigError(`base.ignore in ${file} must be true or false`);
    result.ignore = base.ignore;
  }
  return result;
}
