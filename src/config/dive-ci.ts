import type { DiveRuleSettings, Threshold } from "./types.js";
import { isDisabled, parseBytes, parseFraction } from "./units.js";
import { asMap, checkKeys, readYamlFile } from "./yaml-file.js";

export const DIVE_RULE_NAMES = ["lowestEfficiency", "highestWastedBytes", "highestUserWastedPercent"] as const;
export type DiveRuleName = (typeof DIVE_RULE_NAMES)[number];

/** One Dive rule value as Dive accepts it: `disabled`/`off`, a byte size for highestWastedBytes, else a ratio. */
export function parseDiveRuleValue(name: DiveRuleName, value: unknown, where: string): Threshold {
  if (isDisabled(value)) return null;
  const what = where.startsWith("--") ? where : `rules.${name} in ${where}`;
  return name === "highestWastedBytes" ? parseBytes(value, what) : parseFraction(value, what, 1);
}

/** A `.dive-ci` file's text, already parsed from YAML: `rules:` with Dive's camelCase keys. */
export function parseDiveCi(document: unknown, file: string): Partial<DiveRuleSettings> {
  const top = asMap(document, "the top level", file);
  checkKeys(top, ["rules"], "", file);
  const rules = asMap(top.rules, "rules", file);
  checkKeys(rules, DIVE_RULE_NAMES, "rules.", file);
  const settings: Partial<DiveRuleSettings> = {};
  for (const name of DIVE_RULE_NAMES) {
    if (rules[name] !== undefined && rules[name] !== null) settings[name] = parseDiveRuleValue(name, rules[name], file);
  }
  return settings;
}

export async function loadDiveCi(file: string): Promise<Partial<DiveRuleSettings>> {
  return parseDiveCi(await readYamlFile(file), file);
}

