import { describe, expect, it } from "vitest";
import { computeHints } from "../../../src/analysis/hints/compute-hints.js";
import { planFixes } from "../../../src/fix/plan.js";
import { analyzeBuiltLayers } from "../../helpers/analyze-built.js";
import type { EntrySpec } from "../../helpers/build-image.js";

const UPDATE = "apt-get update && apt-get install -y curl";
const LISTS = "var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages";

/** A layer that ran apt-get update and install: lists and caches left; then a layer that installs again. */
async function twoInstalls(second: string, secondCache: EntrySpec[] = [{ path: "var/cache/apt/srcpkgcache.bin", size: 20_000 }]) {
  return analyzeBuiltLayers([
    {
      entries: [
        { path: "var/lib/apt/lists", type: "dir" },
        { path: LISTS, size: 40_000 },
        { path: "var/cache/apt", type: "dir" },
        { path: "var/cache/apt/archives", type: "dir" },
        { path: "var/cache/apt/pkgcache.bin", size: 30_000 },
        { path: "var/cache/apt/archives/curl.deb", size: 5_000 },
        { path: "usr/bin/curl", size: 1_000 },
      ],
      createdBy: `RUN /bin/sh -c ${UPDATE}`,
    },
    {
      entries: [{ path: "var/cache/apt", type: "dir" }, { path: "var/cache/apt/archives", type: "dir" }, ...secondCache, { path: "usr/bin/jq", size: 1_000 }],
      createdBy: `RUN /bin/sh -c ${second}`,
    },
  ]);
}

describe("apt-clean", () => {
  it("keeps the lists a later RUN installs from without an apt-get update of its own (only apt-get clean)", async () => {
    const second = "apt-get install -y jq";
    const dockerfile = `FROM scratch\nRUN ${UPDATE}\nRUN ${second}\n`;
    const analysis = await twoInstalls(second);
    const hints = computeHints(analysis, { dockerfile });
    expect(hints.filter((h) => h.id === "apt-lists").map((h) => h.line)).toEqual([2]);
    const plan = await planFixes({ dockerfile, hints, analysis, mode: "safe" });
    expect(plan.dockerfile.after).toBe(`FROM scratch\nRUN ${UPDATE} && apt-get clean\nRUN ${second} && apt-get clean\n`);
    const first = plan.fixes.find((fix) => fix.line === 2)!;
    expect(first.hints.map((h) => h.id)).toEqual(["apt-cache"]);
    expect(first.accounts.some((glob) => glob.startsWith("/var/lib/apt"))).toBe(false);
    expect(plan.skipped.find((s) => s.hint.id === "apt-lists")?.reason).toMatch(/line 3 installs with apt from these lists/);
  });

  it("keeps them for a stage built on this one too", async () => {
    const second = "apt-get install -y jq";
    const dockerfile = `FROM scratch AS build\nRUN ${UPDATE}\n\nFROM build\nRUN ${second}\n`;
    const analysis = await twoInstalls(second);
    const hints = computeHints(analysis, { dockerfile });
    const plan = await planFixes({ dockerfile, hints, analysis, mode: "safe" });
    expect(plan.dockerfile.after).toContain(`RUN ${UPDATE} && apt-get clean\n`);
  });

  it("removes them when the later RUN updates the lists itself first", async () => {
    const second = "apt-get update && apt-get install -y jq";
    const dockerfile = `FROM scratch\nRUN ${UPDATE}\nRUN ${second}\n`;
    const analysis = await twoInstalls(second);
    const hints = computeHints(analysis, { dockerfile });
    const plan = await planFixes({ dockerfile, hints, analysis, mode: "safe" });
    expect(plan.dockerfile.after).toContain(`RUN ${UPDATE} && apt-get clean && rm -rf /var/lib/apt/lists/*\n`);
  });

  it("adds what the hints name: a RUN with a cache mount at /var/cache/apt leaves only lists, and keeps its cache", async () => {
    const run = "--mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y --no-install-recommends curl";
    const dockerfile = `FROM scratch\nRUN ${run}\n`;
    const analysis = await analyzeBuiltLayers([
      {
        entries: [
          { path: "var/lib/apt/lists", type: "dir" },
          { path: LISTS, size: 40_000 },
          { path: "usr/bin/curl", size: 1_000 },
        ],
        createdBy: `RUN /bin/sh -c ${run}`,
      },
    ]);
    const hints = computeHints(analysis, { dockerfile });
    expect(hints.map((h) => h.id)).toEqual(["apt-lists"]);
    const plan = await planFixes({ dockerfile, hints, analysis, mode: "safe" });
    expect(plan.dockerfile.after).toBe(`FROM scratch\nRUN ${run} && rm -rf /var/lib/apt/lists/*\n`);
  });

  it("expects the bytes each RUN's layer writes under what it cleans, the copies a later RUN rewrites included", async () => {
    const second = "apt-get install -y jq";
    const dockerfile = `FROM scratch\nRUN ${UPDATE}\nRUN ${second}\n`;
    const analysis = await twoInstalls(second, [
      { path: "var/cache/apt/pkgcache.bin", size: 31_000 },
      { path: "var/cache/apt/archives/jq.deb", size: 2_000 },
    ]);
    const hints = computeHints(analysis, { dockerfile });
    // the hints count what the final image keeps: layer 0's pkgcache.bin is replaced, not kept
    expect(
      hints
        .filter((h) => h.id === "apt-cache")
        .map((h) => [h.line, h.bytes])
        .sort(),
    ).toEqual([
      [2, 5_000],
      [3, 33_000],
    ]);
    const plan = await planFixes({ dockerfile, hints, analysis, mode: "safe" });
    expect(plan.fixes.map((fix) => [fix.line, fix.expectedBytes]).sort()).toEqual([
      [2, 35_000],
      [3, 33_000],
    ]);
  });
});
