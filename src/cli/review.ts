import { readFile } from "node:fs/promises";
import { hintSteps } from "../analysis/hints/compute-hints.js";
import { runSteps, type Steps } from "../steps/steps.js";
import { parseDockerfile, stageNames } from "../analysis/hints/dockerfile.js";
import type { Hint } from "../analysis/hints/types.js";
import type { Analysis } from "../analysis/types.js";
import type { LayerscopeConfig } from "../config/types.js";
import { absolutePath } from "../fs/paths.js";
import { UsageError } from "./errors.js";
import { fsErrorReason } from "../fs/fs-error.js";

/** The hints of an analysis under the config's silences; with its Dockerfile, they name Dockerfile lines. */
export function hintsFor(analysis: Analysis, dockerfile: string | undefined, target: string | undefined, config: LayerscopeConfig): Hint[] {
  return runSteps(hintStepsFor(analysis, dockerfile, target, config));
}

/** hintsFor in steps (a UI waiting answers its keys between the rules) */
export function hintStepsFor(analysis: Analysis, dockerfile: string | undefined, target: string | undefined, config: LayerscopeConfig): Steps<Hint[]> {
  return hintSteps(analysis, { dockerfile, target, silence: config.hints.silence });
}

/**
 * The Dockerfile a run was given, or undefined without one; a file that cannot be read, or without the stage
 * `--target` names, is a usage error.
 */
export async function readDockerfile(file: string | undefined, cwd: string, target?: string): Promise<string | undefined> {
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = await readFile(absolutePath(file, cwd), "utf8");
  } catch (error) {
    throw new UsageError(`cannot read Dockerfile ${file}: ${fsErrorReason(error)}`);
  }
  checkTarget(text, target, file);
  return text;
}

/** A `--target` the Dockerfile has no stage for would silently match no instruction: a usage error. */
export function checkTarget(dockerfile: string, target: string | undefined, file: string): void {
  if (target === undefined) return;
  const names = stageNames(parseDockerfile(dockerfile));
  if (names.includes(target.toLowerCase())) return;
  const known = names.length > 0 ? `its stages: ${names.join(", ")}` : "no stage is named";
  throw new UsageError(`--target ${target}: no stage of that name in ${file} (${known})`);
}
