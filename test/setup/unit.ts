import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isolateUserEnv } from "./user-env.js";

/**
 * Global setup of the unit project: nothing is built and no registry started (the unit tests import src/ and need
 * only Node and zstd); the user's settings are cleared from the environment the workers inherit.
 */
export default function setup(): () => void {
  const runDir = mkdtempSync(join(tmpdir(), "layerscope-unit-"));
  isolateUserEnv(process.env, runDir);
  return () => rmSync(runDir, { recursive: true, force: true });
}
