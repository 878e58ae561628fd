import { describe, expect, it } from "vitest";
import { computeHints } from "../../../src/analysis/hints/compute-hints.js";
import { planFixes } from "../../../src/fix/plan.js";
import { analyzeBuiltLayers } from "../../helpers/analyze-built.js";

/** A RUN that writes /build/big.bin and /work/big.bin, then a RUN that deletes /work/big.bin. */
async function planFor(write: string, remove: string, between = "") {
  const dockerfile = `FROM scratch\nWORKDIR /work\nRUN ${write}\n${between}RUN ${remove}\n`;
  const analysis = await analyzeBuiltLayers([
    {
      entries: [
        { path: "build", type: "dir" },
        { path: "build/big.bin", size: 30_000 },
        { path: "work", type: "dir" },
        { path: "work/big.bin", size: 30_000 },
      ],
      createdBy: `RUN /bin/sh -c ${write}`,
    },
    { entries: [{ path: "work/.wh.big.bin" }], createdBy: `RUN /bin/sh -c ${remove}` },
  ]);
  const hints = computeHints(analysis, { dockerfile });
  expect(hints.filter((h) => h.id === "deleted-later").map((h) => [h.line, h.bytes])).toEqual([[3, 30_000]]);
  return planFixes({ dockerfile, hints, analysis, mode: "safe" });
}

describe("delete-where-written", () => {
  it("does not merge the deleting RUN into a RUN that changes directory: its relative rm would delete another file", async () => {
    const plan = await planFor("mkdir -p /build && cd /build && make big.bin && cp big.bin /work/", "rm -f big.bin");
    expect(plan.fixes).toEqual([]);
    expect(plan.dockerfile.after).toBe(plan.dockerfile.before);
    expect(plan.skipped.find((s) => s.hint.id === "deleted-later")).toBeDefined();
  });

  it("moves an rm of absolute paths into a RUN that changes directory", async () => {
    const plan = await planFor("mkdir -p /build && cd /build && make big.bin && cp big.bin /work/", "rm -f /work/big.bin && echo done");
    expect(plan.fixes.map((fix) => fix.description)).toEqual(["rm -f /work/big.bin moved here from line 4"]);
  });

  it("merges when the directory changes in a subshell only", async () => {
    const plan = await planFor("(mkdir -p /build && cd /build && make big.bin) && cp /build/big.bin /work/", "rm -f big.bin");
    expect(plan.dockerfile.after).toContain("cp /build/big.bin /work/ && rm -f big.bin\n");
  });

  it("does not move an rm of relative paths across a WORKDIR", async () => {
    const plan = await planFor("make /build/big.bin && cp /build/big.bin /work/", "rm -f big.bin /work/big.bin", "WORKDIR /build\n");
    expect(plan.fixes).toEqual([]);
    expect(plan.skipped.find((s) => s.hint.id === "deleted-later")?.reason).toMatch(/relative paths.*WORKDIR/);
  });
});
