import { dirname, join, resolve } from "node:path";
import { pathExists } from "../sources/path-exists.js";

const LAYERSCOPE_CONFIG_NAME = ".layerscope.yaml";
const DIVE_CI_NAME = ".dive-ci";

/** The nearest `.layerscope.yaml` from `start` up to the filesystem root, if any. */
export async function findLayerscopeConfig(start: string): Promise<string | undefined> {
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, LAYERSCOPE_CONFIG_NAME);
    if (await pathExists(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** `.dive-ci` in `cwd` when present (Dive looks only there). */
export async function findDiveCi(cwd: string): Promise<string | undefined> {
  const candidate = join(cwd, DIVE_CI_NAME);
  return (await pathExists(candidate)) ? candidate : undefined;
}
