import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { computeHints } from "../../src/analysis/hints/compute-hints.js";
import { planPatch } from "../../src/fix/patch.js";
import { planFixes } from "../../src/fix/plan.js";
import type { FixMode } from "../../src/fix/types.js";
import { analyzePair, dockerfileOf } from "../analysis/hints/pair-images.js";

// The patch fix proposes for each smell of the real images, compared with the expected diff (test/fix/expected,
// `UPDATE_EXPECTED=1` rewrites them); the images' clean twins get none.

const expectedDir = resolve(process.cwd(), "test/fix/expected");
const paths = { dockerfile: "Dockerfile", dockerignore: ".dockerignore" };

async function patchOf(image: string, mode: FixMode, dockerignore?: string) {
  const analysis = await analyzePair(image);
  const dockerfile = dockerfileOf(image);
  const hints = computeHints(analysis, { dockerfile });
  const plan = await planFixes({ dockerfile, dockerignore, hints, analysis, mode });
  return { plan, patch: planPatch(plan, paths) };
}

describe("fix: the patch of each smell", () => {
  const cases: Array<[string, FixMode, string[]]> = [
    ["apt-nocleanup", "safe", ["apt-clean"]],
    ["apt-split-cleanup", "safe", ["apt-update-merge"]],
    ["hint-chmod-run", "safe", ["metadata-where-written"]],
    ["hint-copy-git", "safe", ["dockerignore", "dockerignore"]],
    ["hint-copy-git", "all", ["dockerignore", "dockerignore", "dockerignore"]],
    ["hint-secrets", "safe", ["secret-mount", "secret-mount"]],
    ["pkg-apt-rec", "all", ["delete-where-written", "apt-clean", "apt-clean", "no-install-recommends"]],
    ["hint-build-single", "all", ["apt-clean", "build-stage"]],
  ];
  it.each(cases)("%s (--apply %s)", async (image, mode, rules) => {
    const { plan, patch } = await patchOf(image, mode);
    expect(plan.fixes.map((fix) => fix.rule)).toEqual(rules);
    for (const fix of plan.fixes) {
      expect(fix.hints.length).toBeGreaterThan(0);
      expect(fix.line).toBe(fix.hints[0].line ?? fix.line);
    }
    const file = join(expectedDir, `${image}.${mode}.patch`);
    if (process.env.UPDATE_EXPECTED === "1" || !existsSync(file)) writeFileSync(file, patch);
    expect(patch).toBe(readFileSync(file, "utf8"));
  });

  it("the recommended-only packages that go are listed with their bytes, as the analysis has them", async () => {
    const analysis = await analyzePair("pkg-apt-rec");
    const { plan } = await patchOf("pkg-apt-rec", "all");
    const fix = plan.fixes.find((f) => f.rule === "no-install-recommends")!;
    const recommended = analysis.summary.packages!.packages.filter((p) => p.reason === "recommended" && p.layer === fix.hints[0].layer);
    expect(fix.packages!.map((p) => p.name).sort()).toEqual(recommended.map((p) => p.name).sort());
    expect(fix.packages!.reduce((sum, p) => sum + p.bytes, 0)).toBe(fix.expectedBytes);
  });

  it("safe mode keeps what is installed: no --no-install-recommends, and the hint says why", async () => {
    const { plan, patch } = await patchOf("pkg-apt-rec", "safe");
    expect(patch).not.toContain("--no-install-recommends");
    expect(plan.skipped.find((s) => s.hint.id === "apt-recommends")?.reason).toMatch(/--apply all/);
  });
});

describe("fix: clean Dockerfiles", () => {
  it.each([["apt-cleanup"], ["hint-chmod-copy"], ["hint-nosecrets"], ["hint-build-multi"]])("%s: an empty diff", async (image) => {
    const { plan, patch } = await patchOf(image, "safe");
    expect(plan.fixes).toEqual([]);
    expect(patch).toBe("");
  });

  it("hint-copy-ignore, whose .dockerignore already keeps the junk out: an empty diff", async () => {
    const ignore = readFileSync(resolve(process.cwd(), "test/images/hint-copy-ignore/.dockerignore"), "utf8");
    const { patch } = await patchOf("hint-copy-ignore", "all", ignore);
    expect(patch).toBe("");
  });
});
