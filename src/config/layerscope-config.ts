import { ConfigError } from "./errors.js";
import type { BaseConfig, DiffConfig, HintsConfig, HintSeverity, LayerscopeConfig, LayerscopeRuleSettings, RuleSetName, Threshold } from "./types.js";
import { emptyConfig } from "./types.js";
import { isDisabled, parseBytes, parseCount, parseFraction } from "./units.js";
import { asMap, asStringList, checkKeys, readYamlFile, type YamlMap } from "./yaml-file.js";
import type { JunkRule } from "../analysis/types.js";
import { HINT_IDS } from "../analysis/hints/compute-hints.js";
import { closest } from "./suggest.js";

const TOP_KEYS = ["rules", "junk", "keys", "hints", "diff", "ci", "base"] as const;
const HINT_SEVERITIES: readonly HintSeverity[] = ["info", "warning", "error"];
const RULE_SETS: readonly RuleSetName[] = ["layerscope", "dive"];

type ThresholdRule = "minEfficiency" | "maxWastedBytes" | "maxWastedPercent" | "maxJunkBytes" | "maxImageBytes" | "maxLayers";
type ValueParser = (value: unknown, what: string) => number;
const parseRatio: ValueParser = (value, what) => parseFraction(value, what, 1);

const THRESHOLD_RULES: Record<string, [ThresholdRule, ValueParser]> = {
  "min-efficiency": ["minEfficiency", parseRatio],
  "max-wasted-bytes": ["maxWastedBytes", parseBytes],
  "max-wasted-percent": ["maxWastedPercent", parseRatio],
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
  config.hints = parseHints(asMap(top.hints, "hints", file), file);
  config.diff = parseDiff(asMap(top.diff, "diff", file), file);
  const ci = asMap(top.ci, "ci", file);
  checkKeys(ci, ["rule-set"], "ci.", file);
  if (ci["rule-set"] !== undefined) config.ruleSet = oneOf(ci["rule-set"], RULE_SETS, "ci.rule-set", file);
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
  if (rules["forbid-paths"] !== undefined) Object.assign(settings, parseForbidPaths(rules["forbid-paths"], file));
  return settings;
}

/** `forbid-paths: [globs]`, or `{ paths: [globs], allow: [globs], allow-package-files: true }` */
function parseForbidPaths(value: unknown, file: string): LayerscopeRuleSettings {
  if (typeof value === "string" || Array.isArray(value)) return { forbidPaths: asStringList(value, "rules.forbid-paths", file) };
  const map = asMap(value, "rules.forbid-paths", file);
  checkKeys(map, ["paths", "allow", "allow-package-files"], "rules.forbid-paths.", file);
  if (map.paths === undefined) throw new ConfigError(`rules.forbid-paths in ${file} needs paths: a list of globs`);
  const settings: LayerscopeRuleSettings = { forbidPaths: asStringList(map.paths, "rules.forbid-paths.paths", file) };
  if (map.allow !== undefined) settings.forbidPathsAllow = asStringList(map.allow, "rules.forbid-paths.allow", file);
  const packages = map["allow-package-files"];
  if (packages !== undefined) {
    if (typeof packages !== "boolean") throw new ConfigError(`rules.forbid-paths.allow-package-files in ${file} must be true or false`);
    settings.forbidPathsAllowPackageFiles = packages;
  }
  return settings;
}

function parseHints(hints: YamlMap, file: string): HintsConfig {
  checkKeys(hints, ["silence", "fail-on", "fail", "allow"], "hints.", file);
  const ids = (key: string): string[] => (hints[key] === undefined ? [] : hintIds(hints[key], `hints.${key}`, file));
  const config: HintsConfig = { silence: ids("silence") };
  if (hints["fail-on"] !== undefined) config.failOn = oneOf(hints["fail-on"], [...HINT_SEVERITIES, "never"] as const, "hints.fail-on", file);
  if (hints.fail !== undefined) config.fail = ids("fail");
  if (hints.allow !== undefined) config.allow = ids("allow");
  const both = (config.fail ?? []).filter((id) => config.allow?.includes(id));
  if (both.length > 0) throw new ConfigError(`hints.fail and hints.allow in ${file} both name ${both.join(", ")}: keep it in one`);
  return config;
}

/** A list of hint ids, each one the catalogue knows. */
function hintIds(value: unknown, where: string, file: string): string[] {
  const list = asStringList(value, where, file);
  const known: readonly string[] = HINT_IDS;
  for (const id of list) {
    if (known.includes(id)) continue;
    const near = closest(id, known);
    throw new ConfigError(`${where} in ${file}: no hint "${id}"${near ? ` (did you mean ${near}?)` : ""}; hint ids: ${known.join(", ")}`);
  }
  return list;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], where: string, file: string): T {
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(`${where} in ${file} must be one of ${allowed.join(", ")}, not ${JSON.stringify(value)}`);
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
    result.maxEfficiencyDrop = parseFraction(diff["max-efficiency-drop"], `diff.max-efficiency-drop in ${file}`, 1);
  }
  if (diff["no-new-hints"] !== undefined) result.noNewHints = oneOf(diff["no-new-hints"], HINT_SEVERITIES, "diff.no-new-hints", file);
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
