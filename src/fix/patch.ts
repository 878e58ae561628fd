import { createTwoFilesPatch } from "diff";
import { applyEdits } from "./edits.js";
import type { FixPlan, PlannedFix } from "./types.js";

/** Where the patched files lie, relative to the build context (the patch's root, `patch -p1` from there). */
export interface PatchPaths {
  dockerfile: string;
  dockerignore: string;
}

/**
 * The plan as one unified diff (jsdiff), with `a/` and `b/` prefixes: `git apply` and `patch -p1` take it from
 * the context folder. A new .dockerignore comes from /dev/null. Empty when nothing changes.
 */
export function planPatch(plan: FixPlan, paths: PatchPaths): string {
  let patch = filePatch(paths.dockerfile, plan.dockerfile.before, plan.dockerfile.after);
  if (plan.dockerignore) patch += filePatch(paths.dockerignore, plan.dockerignore.before, plan.dockerignore.after);
  return patch;
}

/** The patch of one fix alone, applied to the original files. */
export function fixPatch(plan: FixPlan, fix: PlannedFix, paths: PatchPaths): string {
  let patch = filePatch(paths.dockerfile, plan.dockerfile.before, applyEdits(plan.dockerfile.before, fix.edits));
  if (fix.ignore.length > 0) {
    const before = plan.dockerignore?.before;
    const head = before === undefined || before === "" ? "" : before.endsWith("\n") ? before : `${before}\n`;
    patch += filePatch(paths.dockerignore, before, head + fix.ignore.map((entry) => `${entry}\n`).join(""));
  }
  return patch;
}

function filePatch(path: string, before: string | undefined, after: string): string {
  if (before === after) return "";
  const text = createTwoFilesPatch(before === undefined ? "/dev/null" : `a/${path}`, `b/${path}`, before ?? "", after, undefined, undefined, { context: 3 });
  // jsdiff opens with a line of "=" that neither git nor patch needs
  return text.replace(/^=+\n/, "");
}
