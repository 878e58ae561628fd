import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lastLine, startRunRegistries } from "../helpers/registry.js";
import { isolateUserEnv } from "./user-env.js";

/**
 * Global setup of the integration project (files named *.e2e.test.ts), once for the whole run:
 * - clears the user's settings (DOCKER_HOST, XDG_CACHE_HOME…) from the environment the workers inherit;
 * - builds dist/ as `npm run build` does: tsc; the HTML report's page script (esbuild), which `--html` inlines
 *   from dist/html-page.json; then the bundle bin/layerscope.js runs (the CLI and UI tests run it). tsc writes
 *   dist/ even when it finds type errors; those fail test/typecheck.e2e.test.ts instead of every test;
 * - starts the realimages registries on two free ports with a directory of this run's own, so that test files
 *   running in parallel never stop them under each other, and two runs on one machine never meet.
 * A failure ends the run with one line saying what failed.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const runDir = mkdtempSync(join(tmpdir(), "layerscope-integration-"));
  try {
    isolateUserEnv(process.env, runDir);
    spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], { stdio: "ignore" });
    const page = spawnSync(process.execPath, ["scripts/build-html-asset.mjs"], { stdio: ["ignore", "inherit", "pipe"], encoding: "utf8" });
    if (page.status !== 0) throw new Error(`scripts/build-html-asset.mjs failed: ${lastLine({ stderr: page.stderr })}`);
    const bundle = spawnSync(process.execPath, ["scripts/bundle.mjs"], { encoding: "utf8" });
    if (bundle.status !== 0) {
      process.stderr.write(bundle.stderr);
      throw new Error(`scripts/bundle.mjs failed: ${lastLine({ stderr: bundle.stderr })}`);
    }
    const stopRegistries = await startRunRegistries(["features", "tiny", "multiarch"]);
    return async () => {
      await stopRegistries();
      rmSync(runDir, { recursive: true, force: true });
    };
  } catch (error) {
    rmSync(runDir, { recursive: true, force: true });
    // thrown, vitest would report "No test files found" under a stack trace: one line instead
    process.stderr.write(`\ntest setup failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

