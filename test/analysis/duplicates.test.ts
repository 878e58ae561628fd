import { describe, expect, it } from "vitest";
import { analyzeImage } from "../../src/analysis/analyze.js";
import { computeHints } from "../../src/analysis/hints/compute-hints.js";
import type { Analysis } from "../../src/analysis/types.js";
import { formatJsonReport } from "../../src/report/json.js";
import { formatMarkdownReport } from "../../src/report/markdown.js";
import { formatTextReport } from "../../src/report/text.js";
import { openImage } from "../../src/sources/open.js";
import { buildImage, type BuildOptions } from "../helpers/build-image.js";

const A = Buffer.alloc(40_000, "a");
const B = Buffer.alloc(40_000, "b");
const C = Buffer.alloc(100_000, "c");

async function analyze(options: BuildOptions, minSize?: number): Promise<Analysis> {
  const built = await buildImage(
    {
      layers: [
        [
          { path: "opt/a1", content: A },
          { path: "opt/a2", content: A },
          { path: "opt/b1", content: B },
          { path: "opt/a-link", type: "hardlink", linkname: "opt/a1" },
          { path: "opt/small1", content: "tiny" },
          { path: "opt/small2", content: "tiny" },
          { path: "opt/empty1", content: "" },
          { path: "opt/empty2", content: "" },
          { path: "opt/gone", content: C },
        ],
        [{ path: "srv/c1", content: C }, { path: "srv/a3", content: A }, { path: "opt/.wh.gone" }],
        [{ path: "srv/c2", content: C }],
      ],
    },
    options,
  );
  const source = await openImage(built.path);
  try {
    return await analyzeImage(source, { duplicates: minSize === undefined ? {} : { minSize } });
  } finally {
    await source.close();
  }
}

describe.each<[string, BuildOptions]>([
  ["a seekable docker archive", { format: "docker-archive" }],
  ["gzip OCI layers (hashed by another pass)", { format: "oci-layout" }],
])("identical files in %s", (_name, options) => {
  it("groups identical contents of the final tree by size and hash, hardlinks and removed files left out", async () => {
    const { summary } = await analyze(options);
    const report = summary.duplicates!;
    expect(report.groups.map((group) => [group.size, group.copies, group.savedBytes])).toEqual([
      [
        C.length,
        [
          { path: "/srv/c1", layer: 1 },
          { path: "/srv/c2", layer: 2 },
        ],
        C.length,
      ],
      [
        A.length,
        [
          { path: "/opt/a1", layer: 0 },
          { path: "/opt/a2", layer: 0 },
          { path: "/srv/a3", layer: 1 },
        ],
        2 * A.length,
      ],
    ]);
    expect(report.savedBytes).toBe(2 * A.length + C.length);
    // b1 shares its size with the a copies, so it is hashed too; the small files are below the minimum
    expect(report.candidates).toBe(6);
    expect(report.minSize).toBe(1024);
    expect(report.hashedFiles).toBeLessThanOrEqual(6);
    expect(report.hashedBytes).toBeLessThanOrEqual(4 * A.length + 2 * C.length);
  });

  it("looks at small files when asked", async () => {
    const { summary } = await analyze(options, 1);
    expect(summary.duplicates!.groups.some((group) => group.copies[0].path === "/opt/small1" && group.copies.length === 2)).toBe(true);
  });

  it("leaves empty files out even with a minimum of 0: one copy of nothing saves nothing", async () => {
    const report = (await analyze(options, 0)).summary.duplicates!;
    expect(report.groups.map((group) => group.size)).toEqual([C.length, A.length, 4]);
    expect(report.candidates).toBe(8);
  });
});

describe("identical files in the reports and hints", () => {
  it("names the groups, the saving and the cost in text, Markdown and JSON, and hints at the fix", async () => {
    const analysis = await analyze({ format: "docker-archive" });
    const text = formatTextReport(analysis.summary, [], { color: false });
    expect(text).toContain("Identical files at different paths: 2 groups, 180 kB a single copy each would save");
    expect(text).toMatch(/hashed \d of 6 files of a size another file shares/);
    expect(text).toMatch(/100 kB {2}2 × 100 kB {8}\/srv\/c1 \(layer 1\)\n {31}\/srv\/c2 \(layer 2\)/);
    const markdown = formatMarkdownReport(analysis.summary, []);
    expect(markdown).toContain("| 80 kB | 3 × 40 kB | /opt/a1 (0), /opt/a2 (0), /srv/a3 (1) |");
    const json = JSON.parse(formatJsonReport(analysis.summary, [])) as { duplicates: { savedBytes: number } };
    expect(json.duplicates.savedBytes).toBe(180_000);
    const hints = computeHints(analysis).filter((hint) => hint.id === "duplicate-content");
    expect(hints.map((hint) => [hint.layer, hint.bytes])).toEqual([[2, C.length]]);
    expect(hints[0].fix).toMatch(/^layer 1 has these bytes already/);
  });
});
