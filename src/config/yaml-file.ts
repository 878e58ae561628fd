import { readFile } from "node:fs/promises";
import { ConfigError } from "../errors.js";
import { fsErrorReason } from "../fs/fs-error.js";
import { closest } from "./suggest.js";

export type YamlMap = Record<string, unknown>;

export async function readYamlFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(code === "ENOENT" ? `config file not found: ${file}` : `cannot read config ${file}: ${fsErrorReason(error)}`);
  }
  // loaded only when there is a config file: it is most of the CLI's start-up otherwise
  const { parse } = await loadYaml();
  try {
    return parse(text) ?? {};
  } catch (error) {
    // the yaml library's first line ends with ":" before a code frame this one line leaves out
    const first = (error instanceof Error ? error.message : String(error)).split("\n")[0].replace(/:\s*$/, "");
    throw new ConfigError(`bad YAML in ${file}: ${first}`);
  }
}

type YamlModule = typeof import("yaml");

/** `yaml` is CommonJS: a bundle's lazy chunk gives it as the default export only, tsc's output as named exports. */
async function loadYaml(): Promise<YamlModule> {
  const loaded: YamlModule | { default: YamlModule } = await import("yaml");
  return "parse" in loaded ? loaded : loaded.default;
}

export function asMap(value: unknown, where: string, file: string): YamlMap {
  if (value === null || value === undefined) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw new ConfigError(`${where} in ${file} must be a mapping`);
  return value as YamlMap;
}

/** Every key of `map` is one of `allowed`; else one line naming the key, the file, and the nearest key or all of them. */
export function checkKeys(map: YamlMap, allowed: readonly string[], prefix: string, file: string): void {
  for (const key of Object.keys(map)) {
    if (allowed.includes(key)) continue;
    const near = closest(key, allowed);
    const offer = near !== undefined ? `did you mean ${prefix}${near}?` : `keys: ${allowed.map((name) => `${prefix}${name}`).join(", ")}`;
    throw new ConfigError(`bad config key "${prefix}${key}" in ${file} (${offer})`);
  }
}

export function asStringList(value: unknown, where: string, file: string): string[] {
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list) || !list.every((item): item is string => typeof item === "string")) {
    throw new ConfigError(`${where} in ${file} must be a string or a list of strings`);
  }
  return list;
}
