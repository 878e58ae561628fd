import { spawnSync } from "node:child_process";
import { useLabRegistries } from "./helpers/registry.js";

/**
 * Once for the whole run:
 * - builds dist/ (the CLI and UI tests run bin/layerscope.js). tsc writes dist/ even when it finds type errors;
 *   those fail test/typecheck.test.ts instead of every test; then the HTML report's page script (esbuild), which
 *   `--html` inlines from dist/html-page.json;
 * - starts the realimages registries, so that test files running in parallel never stop them under each other
 *   (each file's own useLabRegistries then finds them running and leaves them be).
 */
export default async function setup(): Promise<() => Promise<void>> {
  spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], { stdio: "ignore" });
  spawnSync(process.execPath, ["scripts/build-html-asset.mjs"], { stdio: "inherit" });
  return useLabRegistries(["features", "tiny", "multiarch"]);
}
