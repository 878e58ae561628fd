import { readFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Hint } from "../../analysis/hints/types.js";
import type { Analysis } from "../../analysis/types.js";
import { useBaselineWasm } from "../runtime-tuning.js";

/**
 * For the UI's hints overlay: the patch `layerscope fix` (safe) would make for each hint, relative to the
 * Dockerfile's folder; undefined for a hint it leaves, and for all of them when it cannot read the Dockerfile.
 */
export async function hintPatchesFor(
  hints: readonly Hint[],
  dockerfile: { text: string; path: string },
  analysis: Analysis,
  target: string | undefined,
): Promise<Array<string | undefined> | undefined> {
  try {
    useBaselineWasm();
    const [{ planFixes }, { fixPatch }] = await Promise.all([import("../../fix/plan.js"), import("../../fix/patch.js")]);
    const dockerignore = await readFile(join(dirname(dockerfile.path), ".dockerignore"), "utf8").catch(() => undefined);
    const plan = await planFixes({ dockerfile: dockerfile.text, dockerignore, hints, analysis, target, mode: "safe" });
    const paths = { dockerfile: basename(dockerfile.path), dockerignore: ".dockerignore" };
    return hints.map((hint) => {
      const fix = plan.fixes.find((f) => f.hints.some((h) => h.id === hint.id && h.layer === hint.layer && h.line === hint.line));
      return fix && fixPatch(plan, fix, paths);
    });
  } catch {
    return undefined; // a Dockerfile fix will not read: the overlay shows the hints' fixes without a patch
  }
}
