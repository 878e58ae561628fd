import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";

/** Cases per property: LAYERSCOPE_FUZZ_CASES, or `fallback` in the normal test run. */
export function fuzzCases(fallback: number): number {
  const value = Number(process.env.LAYERSCOPE_FUZZ_CASES);
  return Number.isSafeInteger(value) && value > 0 ? value : fallback;
}

export function fuzzSeed(): number | undefined {
  const value = Number(process.env.LAYERSCOPE_FUZZ_SEED);
  return process.env.LAYERSCOPE_FUZZ_SEED !== undefined && Number.isSafeInteger(value) ? value : undefined;
}

/**
 * Runs a property and fails with one short line: the cause, the seed and the path that replay it. The (large)
 * counterexample goes to LAYERSCOPE_FUZZ_DUMP/<name>.txt when that directory is set, not into the log.
 */
export async function checkProperty<T>(name: string, property: fc.IAsyncPropertyWithHooks<T>, params: fc.Parameters<T>): Promise<void> {
  const details = await fc.check(property, params);
  if (!details.failed) return;
  const error = details.errorInstance;
  const cause = error instanceof Error ? error.message : String(error);
  const dump = process.env.LAYERSCOPE_FUZZ_DUMP;
  if (dump && details.counterexample) {
    writeFileSync(
      join(dump, `${name.replace(/\W+/g, "-")}.txt`),
      `${cause}\n${error instanceof Error ? error.stack : ""}\n${fc.stringify(details.counterexample)}\n`,
    );
  }
  throw new Error(`${name}: failed after ${details.numRuns} cases (seed ${details.seed}, path "${details.counterexamplePath}"): ${cause.slice(0, 2000)}`);
}
