import { spawnSync } from "node:child_process";

/**
 * The CLI and UI tests run bin/layerscope.js, which loads dist/: build it once for the whole run. tsc writes
 * dist/ even when it finds type errors; those fail test/typecheck.test.ts instead of every test.
 */
export default function setup(): void {
  spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], { stdio: "ignore" });
}
