import { describe, expect, it } from "vitest";
import { computeHints } from "../../../src/analysis/hints/compute-hints.js";
import { planFixes } from "../../../src/fix/plan.js";
import { analyzeBuiltLayers } from "../../helpers/analyze-built.js";

/** `COPY . .` into /app with the context's .git */
async function planFor(dockerfile: string) {
  const analysis = await analyzeBuiltLayers([
    {
      entries: [
        { path: "app", type: "dir" },
        { path: "app/main.c", content: "int main;\n" },
        { path: "app/.git", type: "dir" },
        { path: "app/.git/pack", size: 20_000 },
      ],
      createdBy: "COPY dir:6d74712d7ec97c6c4bca379b4b244bed7f391bff011d769fbfc4cd5809d79ba9 in .",
    },
  ]);
  const hints = computeHints(analysis, { dockerfile });
  expect(hints.filter((h) => h.id === "git-dir").map((h) => h.bytes)).toEqual([20_000]);
  return planFixes({ dockerfile, hints, analysis, mode: "safe" });
}

describe("dockerignore", () => {
  it("a stage built on another starts in that stage's WORKDIR: the context's .git, not app/.git", async () => {
    const plan = await planFor("FROM scratch AS base\nWORKDIR /app\n\nFROM base AS final\nCOPY . .\n");
    expect(plan.dockerignore?.after).toBe(".git\n");
  });

  it("names the WORKDIR, not the COPY, when a variable leaves the destination unknown", async () => {
    const plan = await planFor("FROM scratch\nENV HOME_DIR=/app\nWORKDIR $HOME_DIR\nCOPY . .\n");
    expect(plan.dockerignore).toBeUndefined();
    expect(plan.skipped.find((s) => s.hint.id === "git-dir")?.reason).toBe("a WORKDIR before line 4 holds a variable");
  });

  it("leaves .git in the context when a later RUN runs git (it would find no repository)", async () => {
    const plan = await planFor("FROM scratch\nWORKDIR /app\nCOPY . .\nRUN git describe --tags > /version\n");
    expect(plan.dockerignore).toBeUndefined();
    expect(plan.skipped.find((s) => s.hint.id === "git-dir")?.reason).toBe("the RUN at line 4 runs git, which may read the copied .git: left as it is");
  });
});
