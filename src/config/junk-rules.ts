import { DEFAULT_JUNK_RULES } from "../analysis/junk.js";
import type { JunkRule } from "../analysis/types.js";
import type { JunkConfig, LayerscopeConfig } from "./types.js";
import { ConfigError } from "../errors.js";

/**
 * The default junk rules with the config's `remove` ids dropped and its `add` rules appended. Junk globs match
 * absolute paths, so an added glob without a leading `/` is taken from the root (`srv/**` → `/srv/**`).
 */
export function applyJunkConfig(defaults: readonly JunkRule[], junk: JunkConfig, file = "the config"): JunkRule[] {
  const known = new Set(defaults.map((rule) => rule.id));
  for (const id of junk.remove) {
    if (!known.has(id)) {
      throw new ConfigError(`junk.remove in ${file}: no default junk rule "${id}" (known: ${[...known].join(", ")})`);
    }
  }
  const removed = new Set(junk.remove);
  const added = junk.add.map((rule) => (rule.glob.startsWith("/") ? rule : { ...rule, glob: `/${rule.glob}` }));
  return [...defaults.filter((rule) => !removed.has(rule.id)), ...added];
}

/** The junk rules of a config, or undefined for the defaults. */
export function junkRulesFor(config: LayerscopeConfig): JunkRule[] | undefined {
  const { add, remove } = config.junk;
  if (add.length === 0 && remove.length === 0) return undefined;
  return applyJunkConfig(DEFAULT_JUNK_RULES, config.junk, config.file);
}
