import { readFile } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { computeHints } from "../analysis/hints/compute-hints.js";
import type { Hint } from "../analysis/hints/types.js";
import { annotatePackageLines } from "../analysis/hints/package-lines.js";
import { DEFAULT_JUNK_RULES } from "../analysis/junk.js";
import type { Analysis, JunkRule } from "../analysis/types.js";
import { applyJunkConfig } from "../config/junk-rules.js";
import type { LayerscopeConfig } from "../config/types.js";
import { UsageError } from "./errors.js";

/** The junk rules of a config, or undefined for the defaults. */
export function junkRulesFor(config: LayerscopeConfig): JunkRule[] | undefined {
  const { add, remove } = config.junk;
  if (add.length === 0 && remove.length === 0) return undefined;
  return applyJunkConfig(DEFAULT_JUNK_RULES, config.junk, config.file);
}

export function hintsFor(analysis: Analysis, dockerfile: string | undefined, target: string | undefined, config: LayerscopeConfig): Hint[] {
  if (dockerfile !== undefined) annotatePackageLines(analysis, dockerfile, target);
  return computeHints(analysis, { dockerfile, target, silence: config.hints.silence });
}

export async function readDockerfile(file: string | undefined, cwd: string): Promise<string | undefined> {
  if (file === undefined) return undefined;
  try {
    return await readFile(absolutePath(file, cwd), "utf8");
  } catch (error) {
    throw new UsageError(`cannot read Dockerfile ${file}: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
  }
}

export function absolutePath(file: string, cwd: string): string {
  return isAbsolute(file) ? file : resolve(cwd, file);
}
